import { useCallback, useEffect, useState } from 'react';
import type { NotificationSettings, SessionInfo } from '../../shared/api/profile';
import { request, routes } from '../api';
import { useFormAction } from '../components/AuthCard';
import { useCurrentUser } from '../session';
import { messageOf } from './accountMessages';
import './account.css';
import { formatWhen as when } from '../formatWhen';

type Feedback = { kind: 'ok' | 'error'; text: string } | null;

function FeedbackLine({ feedback, id }: { feedback: Feedback; id?: string }) {
  if (!feedback) return null;
  return feedback.kind === 'ok' ? (
    <p className="account-ok" role="status" id={id}>{feedback.text}</p>
  ) : (
    <p className="error" role="alert" id={id}>{feedback.text}</p>
  );
}

/** A form's line under its fields: its error (from useFormAction) or what it did. */
function formFeedback(error: string | null, done: string | null): Feedback {
  return error !== null ? { kind: 'error', text: error } : done !== null ? { kind: 'ok', text: done } : null;
}

const EMAIL_CHOICES: { value: NotificationSettings['email']; label: string; hint: string }[] = [
  { value: 'each', label: 'Each one', hint: 'An e-mail for every mention, reply, new thread or change to a section you signed, within a minute or so.' },
  { value: 'digest', label: 'A daily digest', hint: 'At most one e-mail a day, listing what you have not read yet.' },
  { value: 'none', label: 'None', hint: 'No e-mails, not even reminders of a policy’s review; notifications only show in the bell at the top.' },
];

/** The person's own account: name and e-mail, password, notification e-mails, active sessions. */
export function ProfilePage() {
  const user = useCurrentUser();
  return (
    <div className="page account-page">
      <div className="page-heading">
        <h1>Your profile</h1>
      </div>
      <DetailsCard name={user.name} email={user.email} />
      <PasswordCard />
      <NotificationCard />
      <SessionsCard />
    </div>
  );
}

function DetailsCard({ name: savedName, email: savedEmail }: { name: string; email: string }) {
  const [name, setName] = useState(savedName);
  const [email, setEmail] = useState(savedEmail);
  const [currentPassword, setCurrentPassword] = useState('');
  const emailChanged = email.trim().toLowerCase() !== savedEmail.toLowerCase();
  const [saved, setSaved] = useState<string | null>(null);
  const { submit, error, busy } = useFormAction(async () => {
    setSaved(null);
    const body = { ...(name.trim() !== savedName ? { name } : {}), ...(emailChanged ? { email, currentPassword } : {}) };
    if (Object.keys(body).length === 0) {
      setSaved('Nothing to save: your name and e-mail are as they were.');
      return;
    }
    await request(routes.updateMe, { body });
    setCurrentPassword('');
    setSaved('Saved.');
    // The header and everything else read the signed-in person again.
    window.dispatchEvent(new Event('accord:access-changed'));
  }, messageOf);
  const feedback = formFeedback(error, saved);
  return (
    <section className="card" aria-labelledby="details-title">
      <h2 id="details-title">Name and e-mail</h2>
      <form onSubmit={submit} className="account-form">
        <label className="field">
          <span>Name</span>
          <input value={name} onChange={(event) => setName(event.target.value)} autoComplete="name" required maxLength={100} />
        </label>
        <label className="field">
          <span>Work email</span>
          <input type="email" value={email} onChange={(event) => setEmail(event.target.value)} autoComplete="email" required />
          <small className="muted">You sign in with this address, and notifications go to it.</small>
        </label>
        {emailChanged && (
          <label className="field">
            <span>Current password</span>
            <input type="password" value={currentPassword} onChange={(event) => setCurrentPassword(event.target.value)} autoComplete="current-password" required />
            <small className="muted">Needed to move your account to a new address. The old address is told of the change.</small>
          </label>
        )}
        <FeedbackLine feedback={feedback} />
        <button type="submit" className="primary" disabled={busy}>{busy ? 'Saving…' : 'Save'}</button>
      </form>
    </section>
  );
}

function PasswordCard() {
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [changed, setChanged] = useState<string | null>(null);
  const { submit, error, busy } = useFormAction(async () => {
    setChanged(null);
    const answer = await request(routes.changePassword, { body: { currentPassword, newPassword } });
    setCurrent('');
    setNew('');
    const others = answer.endedSessions === 0 ? '' : answer.endedSessions === 1 ? ' Your other session was signed out.' : ` Your ${answer.endedSessions} other sessions were signed out.`;
    setChanged(`Password changed.${others}`);
    window.dispatchEvent(new Event('accord:sessions-changed'));
  }, messageOf);
  const feedback = formFeedback(error, changed);
  return (
    <section className="card" aria-labelledby="password-title">
      <h2 id="password-title">Password</h2>
      <form onSubmit={submit} className="account-form">
        <label className="field">
          <span>Current password</span>
          <input type="password" value={currentPassword} onChange={(event) => setCurrent(event.target.value)} autoComplete="current-password" required />
        </label>
        <label className="field">
          <span>New password</span>
          <input type="password" value={newPassword} onChange={(event) => setNew(event.target.value)} autoComplete="new-password" minLength={10} maxLength={200} required />
          <small className="muted">At least 10 characters, not a commonly used password. Changing it signs you out everywhere else.</small>
        </label>
        <FeedbackLine feedback={feedback} />
        <button type="submit" className="primary" disabled={busy}>{busy ? 'Changing…' : 'Change password'}</button>
      </form>
    </section>
  );
}

function NotificationCard() {
  const [choice, setChoice] = useState<NotificationSettings['email'] | null>(null);
  const [feedback, setFeedback] = useState<Feedback>(null);
  useEffect(() => {
    request(routes.getNotificationSettings).then(
      (settings) => setChoice(settings.email),
      (caught: unknown) => setFeedback({ kind: 'error', text: messageOf(caught) }),
    );
  }, []);
  const choose = async (value: NotificationSettings['email']) => {
    const before = choice;
    setChoice(value);
    setFeedback(null);
    try {
      const saved = await request(routes.setNotificationSettings, { body: { email: value } });
      setChoice(saved.email);
      setFeedback({ kind: 'ok', text: `Saved: ${EMAIL_CHOICES.find((item) => item.value === saved.email)!.label.toLowerCase()}.` });
    } catch (caught) {
      setChoice(before);
      setFeedback({ kind: 'error', text: messageOf(caught) });
    }
  };
  return (
    <section className="card" aria-labelledby="email-title">
      <h2 id="email-title">Notification e-mails</h2>
      <fieldset className="account-choices" aria-describedby="email-hint" disabled={choice === null}>
        <legend id="email-hint">When someone mentions you, replies in your threads or starts one on your department’s section, e-mail me:</legend>
        {EMAIL_CHOICES.map((item) => (
          <label key={item.value} className="account-choice">
            <input type="radio" name="email-notifications" value={item.value} checked={choice === item.value} onChange={() => void choose(item.value)} />
            <span>
              <strong>{item.label}</strong>
              <small className="muted">{item.hint}</small>
            </span>
          </label>
        ))}
      </fieldset>
      <FeedbackLine feedback={feedback} />
    </section>
  );
}

function SessionsCard() {
  const [sessions, setSessions] = useState<SessionInfo[] | null>(null);
  const [feedback, setFeedback] = useState<Feedback>(null);
  const [busy, setBusy] = useState(false);
  const load = useCallback(() => {
    request(routes.listSessions).then(setSessions, (caught: unknown) => setFeedback({ kind: 'error', text: messageOf(caught) }));
  }, []);
  useEffect(() => {
    load();
    window.addEventListener('accord:sessions-changed', load);
    return () => window.removeEventListener('accord:sessions-changed', load);
  }, [load]);
  const endOthers = async () => {
    setBusy(true);
    setFeedback(null);
    try {
      const answer = await request(routes.endOtherSessions);
      setFeedback({ kind: 'ok', text: answer.ended === 0 ? 'You were not signed in anywhere else.' : `Signed out ${answer.ended === 1 ? '1 other session' : `${answer.ended} other sessions`}.` });
      load();
    } catch (caught) {
      setFeedback({ kind: 'error', text: messageOf(caught) });
    } finally {
      setBusy(false);
    }
  };
  const endOne = async (session: SessionInfo) => {
    setFeedback(null);
    try {
      await request(routes.endSession, { params: { id: session.id } });
      setFeedback({ kind: 'ok', text: `Signed out ${session.device}.` });
      load();
    } catch (caught) {
      setFeedback({ kind: 'error', text: messageOf(caught) });
    }
  };
  const others = sessions?.filter((session) => !session.current).length ?? 0;
  return (
    <section className="card" aria-labelledby="sessions-title">
      <h2 id="sessions-title">Where you are signed in</h2>
      {sessions === null && !feedback && <p className="muted">Loading…</p>}
      {sessions && (
        <ul className="account-sessions" aria-label="Active sessions">
          {sessions.map((session) => (
            <li key={session.id}>
              <span className="account-session-text">
                <strong>{session.device}</strong>
                {session.current && <span className="account-badge">This device</span>}
                <small className="muted">
                  Signed in {when(session.createdAt)} · last active {when(session.lastSeenAt)}
                </small>
              </span>
              {!session.current && (
                <button type="button" className="small" onClick={() => void endOne(session)} aria-label={`Sign out ${session.device}, signed in ${when(session.createdAt)}`}>
                  Sign out
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <FeedbackLine feedback={feedback} />
      <button type="button" onClick={() => void endOthers()} disabled={busy || sessions === null || others === 0}>
        {busy ? 'Signing out…' : 'Sign out everywhere else'}
      </button>
      <p className="muted small-print">Signing out a session closes its open editors at once. If you think someone else knows your password, change it too.</p>
    </section>
  );
}
