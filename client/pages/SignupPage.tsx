import { useEffect, useState } from 'react';
import { departmentName } from '../../shared/departments';
import { api, ApiError } from '../api';
import { navigate } from '../router';
import type { CurrentUser } from '../session';

/** Sign-up through an invite link; the invite decides department and role. */
export function SignupPage({ onSignedIn }: { onSignedIn: (user: CurrentUser) => void }) {
  const token = new URLSearchParams(location.search).get('invite') ?? '';
  const [invite, setInvite] = useState<{ department: string; role: string } | null>(null);
  const [inviteError, setInviteError] = useState<string | null>(token ? null : 'This page needs an invite link. Ask an admin of your organization for one.');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!token) return;
    api<{ department: string; role: string }>(`/api/auth/invites/${encodeURIComponent(token)}`).then(setInvite, (caught: ApiError) => setInviteError(caught.message));
  }, [token]);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const user = await api<CurrentUser>('/api/auth/signup', { method: 'POST', json: { name, email, password, invite: token } });
      onSignedIn(user);
      navigate('/');
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'Something went wrong. Try again.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="auth-page" id="main">
      <form className="auth-card" onSubmit={submit} aria-labelledby="signup-title">
        <p className="brand auth-brand"><span className="brand-mark" aria-hidden="true">✓</span> Accord</p>
        <h1 id="signup-title">Join your policy team</h1>
        {inviteError && <p className="error" role="alert">{inviteError}</p>}
        {invite && (
          <p className="notice" data-testid="invite-summary">
            You are invited to join as <strong>{invite.role}</strong> for <strong>{departmentName(invite.department)}</strong>.
          </p>
        )}
        <label className="field">
          <span>Your name</span>
          <input value={name} onChange={(event) => setName(event.target.value)} autoComplete="name" required />
        </label>
        <label className="field">
          <span>Work email</span>
          <input type="email" value={email} onChange={(event) => setEmail(event.target.value)} autoComplete="email" required />
        </label>
        <label className="field">
          <span>Choose a password</span>
          <input type="password" value={password} onChange={(event) => setPassword(event.target.value)} autoComplete="new-password" minLength={10} required />
          <small className="muted">At least 10 characters.</small>
        </label>
        {error && <p className="error" role="alert">{error}</p>}
        <button type="submit" className="primary wide" disabled={busy || !invite}>
          {busy ? 'One moment…' : 'Create my account'}
        </button>
      </form>
    </main>
  );
}
