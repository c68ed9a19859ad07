import { useState } from 'react';
import type { AdminPasswordReset } from '../../shared/api/profile';
import { request, routes } from '../api';
import { messageOf } from './accountMessages';
import './account.css';

/**
 * An admin sends someone a password reset. The person stays signed in until they use the link;
 * using it signs them out everywhere. Without mail set up, the link is shown to hand over.
 */
export function PasswordResetButton({ user }: { user: { id: string; name: string } }) {
  const [result, setResult] = useState<AdminPasswordReset | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const send = async () => {
    if (!window.confirm(`Send ${user.name} a link to choose a new password? They stay signed in until they use it; using it signs them out everywhere.`)) return;
    setBusy(true);
    setError(null);
    try {
      setResult(await request(routes.adminPasswordReset, { params: { id: user.id } }));
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="account-reset">
      <button type="button" className="small" onClick={() => void send()} disabled={busy}>
        Reset password
      </button>
      {result?.sent && <small role="status">Reset link e-mailed. It works once, for 30 minutes.</small>}
      {result && !result.sent && result.url && (
        <small role="status">
          Mail is not set up: give {user.name} this link (works once, for 30 minutes): <input readOnly value={result.url} aria-label={`Reset link for ${user.name}`} onFocus={(event) => event.currentTarget.select()} />
        </small>
      )}
      {error && <small className="field-error" role="alert">{error}</small>}
    </span>
  );
}
