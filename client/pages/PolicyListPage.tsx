import { useEffect, useState } from 'react';
import type { PolicySummary } from '../../shared/api';
import { request, routes } from '../api';
import { errorMessage, fieldErrorMessage } from '../errorMessage';
import { StatusPill } from '../components/StatusPill';
import { listStatusLabel } from './statusLabel';
import { navigate, onLinkClick } from '../router';
import { useCurrentUser } from '../session';
import { localToday, reviewState, reviewWords } from '../../shared/reviewDate';

/** The policy's review date on its card: quiet while far off, marked when it is near or past. */
function ReviewDue({ reviewBy }: { reviewBy: string }) {
  const today = localToday();
  const { kind } = reviewState(reviewBy, today);
  const className = kind === 'later' ? 'muted small-print' : `small-print review-due${kind === 'overdue' ? ' overdue' : ''}`;
  return (
    <span className={className} data-testid="review-due" data-review={kind}>
      {reviewWords(reviewBy, today)}
    </span>
  );
}

/** Every policy of the organization, with how far its endorsement has come. */
export function PolicyListPage() {
  const user = useCurrentUser();
  const [policies, setPolicies] = useState<PolicySummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [title, setTitle] = useState('');
  const [busy, setBusy] = useState(false);
  // A refused blank policy is explained under its form, at the bottom of the list.
  const [blankError, setBlankError] = useState<string | null>(null);

  /** For an admin: whether they are still alone here, and how many invites wait for an answer. */
  const [alone, setAlone] = useState<{ pendingInvites: number } | null>(null);

  useEffect(() => {
    document.title = 'Policies · Accord';
    request(routes.listPolicies).then(setPolicies, (caught: unknown) => setError(errorMessage(caught, 'Could not load the policies')));
    if (user.role !== 'admin') return;
    // Best effort: the hint is only a hint, so a failure here shows nothing rather than an error.
    Promise.all([request(routes.listUsers), request(routes.listInvites)]).then(
      ([users, invites]) => setAlone(users.length <= 1 ? { pendingInvites: invites.length } : null),
      () => setAlone(null),
    );
  }, [user.role]);

  const createBlank = async (event: React.FormEvent) => {
    event.preventDefault();
    setBlankError(null);
    setBusy(true);
    try {
      const { id } = await request(routes.createPolicy, { body: { title } });
      navigate(`/p/${id}`);
    } catch (caught) {
      setBlankError(fieldErrorMessage(caught, 'Could not create the policy. Try again.'));
      setBusy(false);
    }
  };

  return (
    <div className="page">
      <div className="page-heading">
        <h1>Policies</h1>
        {user.role !== 'viewer' && user.role !== 'commenter' && (
          <a className="button primary" href="/templates" onClick={onLinkClick}>
            Start from a template
          </a>
        )}
      </div>
      {error && <p className="error" role="alert">{error}</p>}
      {alone && (
        <section className="card next-step" aria-labelledby="next-step-title">
          <h2 id="next-step-title">Invite the departments</h2>
          <p>
            You are the only person here so far. A policy is endorsed when every department that owns or approves a section has signed it, so each needs
            someone there who can sign. Invite them by e-mail or with a link; the invite decides the department they speak for.
            {alone.pendingInvites > 0 && ` ${alone.pendingInvites} invite${alone.pendingInvites === 1 ? ' is' : 's are'} waiting for an answer.`}
          </p>
          <a className="button primary" href="/admin" onClick={onLinkClick}>Invite colleagues</a>
        </section>
      )}
      {policies === null && !error && <p className="muted" aria-busy="true">Loading policies…</p>}
      {policies?.length === 0 && (
        <div className="empty">
          <h2>No policy yet</h2>
          <p>Pick a template written for your kind of organization. Every section already says which department owns it and who must approve it.</p>
          {user.role !== 'viewer' && user.role !== 'commenter' && (
            <a className="button primary" href="/templates" onClick={onLinkClick}>Browse templates</a>
          )}
        </div>
      )}
      {policies && policies.length > 0 && (
        <ul className="policy-list">
          {policies.map((policy) => (
            <li key={policy.id} className="policy-card">
              <a href={`/p/${policy.id}`} onClick={onLinkClick} className="policy-card-title">
                {policy.title}
              </a>
              <span className="muted">{policy.organization}</span>
              {policy.sharing === 'members' && (
                <span className="muted small-print" data-testid="shared-with-members" title="Only the people it is shared with can open this policy">
                  Shared with members
                </span>
              )}
              {policy.reviewBy && <ReviewDue reviewBy={policy.reviewBy} />}
              <StatusPill status={policy.status} label={listStatusLabel(policy)} />
              <span className="progress-text" data-testid="policy-progress">
                {policy.signedCount} of {policy.sectionCount} sections signed
                {policy.partlySignedCount > 0 && ` · ${policy.partlySignedCount} partly signed`}
              </span>
              <progress max={policy.sectionCount || 1} value={policy.signedCount} aria-label={`${policy.title}: ${policy.signedCount} of ${policy.sectionCount} sections signed`} />
            </li>
          ))}
        </ul>
      )}
      {user.role !== 'viewer' && user.role !== 'commenter' && (
        <form className="inline-form" onSubmit={createBlank}>
          <label className="field">
            <span>Or start a blank policy</span>
            <input value={title} onChange={(event) => setTitle(event.target.value)} placeholder="Policy title" required maxLength={200} />
          </label>
          <button type="submit" disabled={busy}>Create blank policy</button>
          {blankError && <p className="error inline-form-error" role="alert">{blankError}</p>}
        </form>
      )}
    </div>
  );
}
