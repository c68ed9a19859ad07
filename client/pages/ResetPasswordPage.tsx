import { useState } from 'react';
import { ApiError, request, routes } from '../api';
import { focusOnMount } from '../components/focusOnMount';
import { AuthCard, useFormAction } from '../components/AuthCard';
import { onLinkClick } from '../router';
import type { CurrentUser } from '../session';
import { messageOf } from './accountMessages';
import './account.css';

/** Choosing a new password with a reset link; signs this browser in and every other one out. */
export function ResetPasswordPage({ token, onSignedIn }: { token: string; onSignedIn: (user: CurrentUser) => void }) {
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const { submit, error, busy } = useFormAction(
    async () => {
      const user = await request(routes.resetPassword, { params: { token }, body: { password } });
      onSignedIn(user);
      // Off the link's address, without a history entry to come back to it.
      history.replaceState(null, '', '/');
      window.dispatchEvent(new PopStateEvent('popstate'));
    },
    (caught) => ({ text: messageOf(caught), linkDead: caught instanceof ApiError && (caught.status === 410 || (caught.status === 400 && !caught.field)) }),
    () => (password === repeat ? null : { text: 'The two passwords are not the same. Type the new one twice.', linkDead: false }),
  );

  return (
    <AuthCard title="Choose a new password" onSubmit={submit}>
      <p className="muted">Use at least 10 characters; a few unrelated words together are easy to remember and hard to guess. Choosing it signs you out on every other device.</p>
      <label className="field">
        <span>New password</span>
        <input type="password" value={password} onChange={(event) => setPassword(event.target.value)} autoComplete="new-password" minLength={10} maxLength={200} required ref={focusOnMount} aria-describedby={error ? 'reset-error' : undefined} />
      </label>
      <label className="field">
        <span>New password again</span>
        <input type="password" value={repeat} onChange={(event) => setRepeat(event.target.value)} autoComplete="new-password" minLength={10} maxLength={200} required />
      </label>
      {error && (
        <p className="error" role="alert" id="reset-error">
          {error.text}
          {error.linkDead && (
            <>
              {' '}
              <a href="/forgot-password" onClick={onLinkClick}>Ask for a new link</a>
            </>
          )}
        </p>
      )}
      <button type="submit" className="primary wide" disabled={busy}>
        {busy ? 'One moment…' : 'Set password and sign in'}
      </button>
      <p className="muted small-print account-back">
        <a href="/" onClick={onLinkClick}>Back to sign in</a>
      </p>
    </AuthCard>
  );
}
