import { useState, type ReactNode } from 'react';
import { errorMessage } from '../errorMessage';

/**
 * Runs a form's action with the busy flag and the error message people see, so every sign-in
 * style form reports failures the same way (`describe` words a failure; the server's message by default).
 */
export function useFormAction(action: () => Promise<void>, describe?: (caught: unknown) => string) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (caught) {
      setError(describe ? describe(caught) : errorMessage(caught, 'Something went wrong. Try again.'));
    } finally {
      setBusy(false);
    }
  };
  return { submit, error, busy };
}

/** The centred card of the sign-in, set-up and sign-up pages. */
export function AuthCard({ title, onSubmit, children }: { title: string; onSubmit: (event: React.FormEvent) => void; children: ReactNode }) {
  return (
    <main className="auth-page" id="main">
      <form className="auth-card" onSubmit={onSubmit} aria-labelledby="auth-title">
        <p className="brand auth-brand"><span className="brand-mark" aria-hidden="true">✓</span> Accord</p>
        <h1 id="auth-title">{title}</h1>
        {children}
      </form>
    </main>
  );
}
