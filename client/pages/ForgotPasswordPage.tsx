import { useState } from 'react';
import { request, routes } from '../api';
import { focusOnMount } from '../components/focusOnMount';
import { AuthCard, useFormAction } from '../components/AuthCard';
import { onLinkClick } from '../router';
import { messageOf } from './accountMessages';
import './account.css';

/** "Forgot password": asks for a reset link by e-mail. The answer is the same for any address. */
export function ForgotPasswordPage() {
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState<string | null>(null);
  const { submit, error, busy } = useFormAction(async () => {
    const answer = await request(routes.requestPasswordReset, { body: { email } });
    setSent(answer.message);
  }, messageOf);

  return (
    <AuthCard title="Forgot your password?" onSubmit={submit}>
      {sent ? (
        <>
          <p className="notice" role="status">{sent}</p>
          <p className="muted">No e-mail? Check the address and try again, or ask an admin of your organization to send you a reset link.</p>
          <button type="button" className="wide" onClick={() => setSent(null)}>
            Try another address
          </button>
        </>
      ) : (
        <>
          <p className="muted">Enter the e-mail address you sign in with. We will send you a link to choose a new password.</p>
          <label className="field">
            <span>Work email</span>
            <input type="email" value={email} onChange={(event) => setEmail(event.target.value)} autoComplete="email" required ref={focusOnMount} />
          </label>
          {error && <p className="error" role="alert">{error}</p>}
          <button type="submit" className="primary wide" disabled={busy}>
            {busy ? 'One moment…' : 'Send me a reset link'}
          </button>
        </>
      )}
      <p className="muted small-print account-back">
        <a href="/" onClick={onLinkClick}>Back to sign in</a>
      </p>
    </AuthCard>
  );
}
