import { useState, type ReactNode } from 'react';
import { errorMessage } from '../errorMessage';

const describeByDefault = (caught: unknown): string => errorMessage(caught, 'Something went wrong. Try again.');

/**
 * Runs a form's action with the busy flag and the error people see, so every sign-in style form
 * and the profile's forms report failures the same way. `describe` words a failure (the server's
 * message by default; a page may make its error more than a sentence). `check` runs before
 * anything is sent: a problem it returns is shown at once, and the form does not go busy.
 */
export function useFormAction<E = string>(
  action: () => Promise<void>,
  describe: (caught: unknown) => E = describeByDefault as (caught: unknown) => E,
  check?: () => E | null,
) {
  const [error, setError] = useState<E | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const problem = check?.() ?? null;
    if (problem !== null) {
      setError(problem);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (caught) {
      setError(describe(caught));
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
