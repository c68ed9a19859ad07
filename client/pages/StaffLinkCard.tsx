import { useCallback, useEffect, useRef, useState } from 'react';
import type { StaffLink } from '../../shared/api/policies';
import { request, routes } from '../api';
import { errorMessage } from '../errorMessage';
import { formatWhen } from '../formatWhen';

/** What the card is about to do once the person confirms (both stop the link people already have). */
type Pending = 'replace' | 'stop' | null;

/**
 * The staff link: one address for the intranet or an all-staff e-mail that always shows the
 * latest endorsed version of the policy, without an account, and never a draft. The people who
 * manage the policy make, replace and stop it; everyone who can open the policy can copy it.
 */
export function StaffLinkCard({
  policyId,
  refresh,
  membersOnly,
  onChanged,
}: {
  policyId: string;
  refresh: string;
  /** The policy opens only for the people added to it: the link still shows its endorsed text to anyone who has it. */
  membersOnly: boolean;
  onChanged: () => void;
}) {
  const [link, setLink] = useState<StaffLink | null>(null);
  const [loadError, setLoadError] = useState('');
  const [error, setError] = useState('');
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);
  const [pending, setPending] = useState<Pending>(null);
  const address = useRef<HTMLInputElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const makeButton = useRef<HTMLButtonElement>(null);
  const replaceButton = useRef<HTMLButtonElement>(null);
  const stopButton = useRef<HTMLButtonElement>(null);

  const load = useCallback(() => {
    request(routes.getStaffLink, { params: { id: policyId } }).then(
      (fresh) => {
        setLink(fresh);
        setLoadError('');
      },
      (caught: unknown) => setLoadError(errorMessage(caught, 'Could not load the staff link.')),
    );
  }, [policyId]);
  useEffect(load, [load, refresh]);
  useEffect(() => {
    if (pending) confirmButton.current?.focus();
  }, [pending]);

  const change = (action: 'make' | 'stop') => {
    if (busy) return;
    setBusy(true);
    setError('');
    setDone('');
    const call = action === 'make' ? request(routes.createStaffLink, { params: { id: policyId } }) : request(routes.stopStaffLink, { params: { id: policyId } });
    call.then(
      (fresh) => {
        setBusy(false);
        setPending(null);
        setLink(fresh);
        setDone(action === 'stop' ? 'The staff link is stopped: it no longer opens the policy.' : pending === 'replace' ? 'A new staff link is made; the old one no longer works.' : 'The staff link is made. Copy it for the intranet or an all-staff e-mail.');
        onChanged();
        // The address is the next thing to copy; after a stop, the button to make one again.
        requestAnimationFrame(() => (fresh.active ? address.current : makeButton.current)?.focus());
      },
      (caught: unknown) => {
        setBusy(false);
        setError(errorMessage(caught, action === 'make' ? 'Could not make the staff link. Try again.' : 'Could not stop the staff link. Try again.'));
      },
    );
  };

  /** Asks before replacing or stopping (or, with null, cancels); what the card said of the last change no longer applies. */
  const confirmFirst = (next: Pending) => {
    const opener = pending === 'replace' ? replaceButton : stopButton;
    setPending(next);
    setDone('');
    setError('');
    // Cancelled: back to the button that asked, which returns with the next render.
    if (next === null) requestAnimationFrame(() => opener.current?.focus());
  };

  const url = link?.path ? `${window.location.origin}${link.path}` : '';
  const copy = () => {
    setError('');
    const selectIt = () => {
      address.current?.select();
      setDone('The link is selected: press Ctrl+C (⌘C on a Mac) to copy it.');
    };
    if (!navigator.clipboard) return selectIt();
    navigator.clipboard.writeText(url).then(() => setDone('Copied the staff link.'), selectIt);
  };

  return (
    <section aria-labelledby="staff-link-title" className="card staff-link-card" data-testid="staff-link-card">
      <h2 id="staff-link-title">Staff link</h2>
      {loadError && <p className="error" role="alert">{loadError}</p>}
      {link && (
        <>
          <p>
            {link.active
              ? 'Anyone with this link can read the policy, without an account: always the latest endorsed version, never a draft.'
              : 'One link to put on the intranet or in an all-staff e-mail: it always shows the latest endorsed version, never a draft, and needs no account.'}{' '}
            {link.active && (link.endorsedVersion ? `It shows endorsed version ${link.endorsedVersion} now.` : 'Until every department has signed, it says the policy is still being written.')}
          </p>
          {membersOnly && (
            <p className="muted" data-testid="staff-link-members-only">
              This policy opens in Accord only for the people added to it, but the staff link shows its endorsed version to anyone who has the link.
            </p>
          )}
          {link.blanks.length > 0 && (
            <p className="warning-text" data-testid="staff-link-blanks">
              <strong>
                {link.blanks.length === 1 ? 'The endorsed version still has a blank to fill in:' : `The endorsed version still has ${link.blanks.length} blanks to fill in:`}
              </strong>{' '}
              {link.blanks.join(', ')}. Staff would read {link.blanks.length === 1 ? 'it as its name' : 'each as its name'} in brackets, such as “[{link.blanks[0]}]”. Fill{' '}
              {link.blanks.length === 1 ? 'it' : 'them'} in on the policy page and sign the sections again{link.active ? '' : ' before you share the link'}.
            </p>
          )}
          {link.active && (
            <div className="staff-link-row">
              <label className="field staff-link-address">
                <span>Address to share</span>
                <input ref={address} type="text" readOnly value={url} onFocus={(event) => event.target.select()} />
              </label>
              <button type="button" onClick={copy}>Copy link</button>
              <a href={link.path!} target="_blank" rel="noopener noreferrer">Open it</a>
              {link.endorsedVersion !== null && <a href={`${link.path}?format=pdf`}>Download as PDF</a>}
            </div>
          )}
          {link.active && link.createdAt && (
            <p className="muted small-print">
              Made by {link.createdBy ?? 'someone'}, {formatWhen(link.createdAt)}.
            </p>
          )}
          {link.canManage && !pending && (
            <div className="staff-link-actions">
              {link.active ? (
                <>
                  <button ref={replaceButton} type="button" onClick={() => confirmFirst('replace')}>Make a new link</button>
                  <button ref={stopButton} type="button" onClick={() => confirmFirst('stop')}>Stop the link</button>
                </>
              ) : (
                <button ref={makeButton} type="button" className="primary" aria-disabled={busy || undefined} onClick={() => change('make')}>
                  Make a staff link
                </button>
              )}
            </div>
          )}
          {pending && (
            <div className="staff-link-confirm" role="group" aria-labelledby="staff-link-confirm-text">
              <p id="staff-link-confirm-text">
                {pending === 'replace'
                  ? 'The link people have now stops working, and a new one replaces it. Anyone who needs it must be given the new one.'
                  : 'The link stops working at once for everyone who has it, the intranet page included.'}
              </p>
              <button ref={confirmButton} type="button" className="danger" aria-disabled={busy || undefined} onClick={() => change(pending === 'replace' ? 'make' : 'stop')}>
                {pending === 'replace' ? 'Make a new link' : 'Stop the link'}
              </button>
              <button type="button" onClick={() => confirmFirst(null)}>Cancel</button>
            </div>
          )}
          {!link.canManage && (
            <p className="muted">
              Admins, and editors added under Share → People with access, {link.active ? 'can replace or stop it' : 'can make one'}.
            </p>
          )}
        </>
      )}
      <div className="review-messages">
        <p className="error" role="alert">{error}</p>
        <p className="muted" role="status">{done}</p>
      </div>
    </section>
  );
}
