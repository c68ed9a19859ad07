import { useEffect, useState } from 'react';
import type { InviteInfo } from '../../shared/api';
import { request, routes } from '../api';
import { errorMessage } from '../errorMessage';
import { AuthCard, useFormAction } from '../components/AuthCard';
import { navigate } from '../router';
import type { CurrentUser } from '../session';

/** Sign-up through an invite link; the invite decides department and role. */
export function SignupPage({ onSignedIn }: { onSignedIn: (user: CurrentUser) => void }) {
  const token = new URLSearchParams(location.search).get('invite') ?? '';
  const [invite, setInvite] = useState<InviteInfo | null>(null);
  const [inviteError, setInviteError] = useState<string | null>(token ? null : 'This page needs an invite link. Ask an admin of your organization for one.');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  useEffect(() => {
    if (!token) return;
    request(routes.inviteInfo, { params: { token } }).then(
      (info) => {
        setInvite(info);
        // An invite for an address works for that address only: it is filled in and fixed.
        if (info.email) setEmail(info.email);
      },
      (caught: unknown) => setInviteError(errorMessage(caught, 'Could not check the invite')),
    );
  }, [token]);

  const { submit, error, busy } = useFormAction(async () => {
    const user = await request(routes.signup, { body: { name, email, password, invite: token } });
    onSignedIn(user);
    navigate('/');
  });

  return (
    <AuthCard title="Join your policy team" onSubmit={submit}>
        {inviteError && <p className="error" role="alert">{inviteError}</p>}
        {invite && (
          <p className="notice" data-testid="invite-summary">
            You are invited to join {invite.organization ? <><strong>{invite.organization}</strong> </> : ''}as <strong>{invite.role}</strong> for <strong>{invite.departmentName ?? invite.department}</strong>.
          </p>
        )}
        <label className="field">
          <span>Your name</span>
          <input value={name} onChange={(event) => setName(event.target.value)} autoComplete="name" required />
        </label>
        <label className="field">
          <span>Work email</span>
          <input
            type="email"
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            autoComplete="email"
            required
            readOnly={Boolean(invite?.email)}
            aria-describedby={invite?.email ? 'invite-email-note' : undefined}
          />
          {invite?.email && (
            <small className="muted" id="invite-email-note">
              The invite is for this address. To use another one, ask for an invite to it.
            </small>
          )}
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
    </AuthCard>
  );
}
