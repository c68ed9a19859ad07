import { onLinkClick } from '../router';
import { useEffect, useState } from 'react';
import { DEFAULT_DEPARTMENTS } from '../../shared/departments';
import { ORGANIZATION_NAME_MAX } from '../../shared/api';
import { request, routes } from '../api';
import { AuthCard, useFormAction } from '../components/AuthCard';
import type { CurrentUser } from '../session';
import { PasswordFields, SsoSignIn, useAuthMethods } from './SsoButton';

/** Sign-in, or on a brand-new Accord the set-up of the first (admin) account. */
export function SignInPage({ setupNeeded, expired, onSignedIn }: { setupNeeded: boolean; expired: boolean; onSignedIn: (user: CurrentUser) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [name, setName] = useState('');
  const [department, setDepartment] = useState('communications');
  const [organization, setOrganization] = useState('');
  const [setupToken, setSetupToken] = useState('');
  // On a server open to the network, the first account needs the token the server printed at start.
  const [setupTokenRequired, setSetupTokenRequired] = useState(false);
  const methods = useAuthMethods();
  useEffect(() => {
    if (!setupNeeded) return;
    let current = true;
    request(routes.health)
      .then((health) => current && setSetupTokenRequired(health.setupTokenRequired))
      .catch(() => {});
    return () => {
      current = false;
    };
  }, [setupNeeded]);
  // The first-run page has no session to ask GET /api/departments with. Before the first account
  // exists nobody can have changed the departments, so the database still holds exactly the seeded
  // list, which DEFAULT_DEPARTMENTS mirrors; the server checks the choice against its own list anyway.
  const DEPARTMENTS = DEFAULT_DEPARTMENTS;
  const { submit, error, busy } = useFormAction(async () => {
    const user = setupNeeded
      ? await request(routes.signup, { body: { email, name, password, department, ...(organization.trim() ? { organization } : {}), ...(setupTokenRequired ? { setupToken } : {}) } })
      : await request(routes.login, { body: { email, password } });
    onSignedIn(user);
  });

  return (
    <AuthCard title={setupNeeded ? 'Set up Accord' : 'Sign in'} onSubmit={submit}>
        {setupNeeded ? (
          <p className="muted">You are the first person here. Your account will be the admin account; you can invite your colleagues next.</p>
        ) : expired ? (
          <p className="notice" role="status">Your session has ended. Sign in again — edits you made are kept on this device and will be merged.</p>
        ) : (
          <p className="muted">Write and endorse your social media policy together.</p>
        )}
        {!setupNeeded && <SsoSignIn methods={methods} />}
        <PasswordFields off={!setupNeeded && methods?.password === false}>
        {setupNeeded && (
          <label className="field">
            <span>Organization name</span>
            <input value={organization} onChange={(event) => setOrganization(event.target.value)} autoComplete="organization" maxLength={ORGANIZATION_NAME_MAX} aria-describedby="organization-note" />
            <small className="muted" id="organization-note">New policies and invitations use it. You can change it later on the People page.</small>
          </label>
        )}
        {setupNeeded && (
          <label className="field">
            <span>Your name</span>
            <input value={name} onChange={(event) => setName(event.target.value)} autoComplete="name" required />
          </label>
        )}
        <label className="field">
          <span>Work email</span>
          <input type="email" value={email} onChange={(event) => setEmail(event.target.value)} autoComplete="email" required />
        </label>
        <label className="field">
          <span>Password</span>
          <input type="password" value={password} onChange={(event) => setPassword(event.target.value)} autoComplete={setupNeeded ? 'new-password' : 'current-password'} minLength={setupNeeded ? 10 : 1} required />
          {setupNeeded && <small className="muted">At least 10 characters.</small>}
        </label>
        {/* Outside the label: inside it, the link became part of the field's name ("Password Forgot password?") and took clicks meant for the field. */}
        {!setupNeeded && (
          <p className="forgot-password">
            <a href="/forgot-password" className="small-print" onClick={onLinkClick}>Forgot password?</a>
          </p>
        )}
        {setupNeeded && (
          <label className="field">
            <span>Your department</span>
            <select value={department} onChange={(event) => setDepartment(event.target.value)}>
              {DEPARTMENTS.map((item) => (
                <option key={item.id} value={item.id}>{item.name}</option>
              ))}
            </select>
          </label>
        )}
        {setupNeeded && setupTokenRequired && (
          <label className="field">
            <span>Setup token</span>
            <input value={setupToken} onChange={(event) => setSetupToken(event.target.value)} autoComplete="off" spellCheck={false} required />
            <small className="muted">Accord printed it when it started. It keeps anyone else from creating the admin account first.</small>
          </label>
        )}
        {error && <p className="error" role="alert">{error}</p>}
        <button type="submit" className="primary wide" disabled={busy}>
          {busy ? 'One moment…' : setupNeeded ? 'Create admin account' : 'Sign in'}
        </button>
        </PasswordFields>
        {!setupNeeded && <p className="muted small-print">New here? Ask an admin of your organization for an invite link.</p>}
    </AuthCard>
  );
}
