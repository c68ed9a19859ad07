import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { CreatedInvite, InviteItem, MailStatusBody } from '../../shared/api';
import { MAX_INVITES_PER_REQUEST } from '../../shared/api';
import { request, routes } from '../api';
import { errorMessage } from '../errorMessage';
import { useActiveDepartments, useDepartmentLookup } from '../departments';
import type { Role } from '../session';
import { useVisiblePoll } from '../components/useVisiblePoll';
import { ago, deliveryWords, expiryWords, mailStatusWords, parseAddresses } from './inviteWords';
import { listInWords } from '../../shared/inventory/listInWords';
import './invites.css';

/** How often the invite list asks for news of the mail while the tab is visible. */
const INVITES_POLL_MS = 15_000;

/** The roles an admin can give, with what each may do (the same words wherever a role is chosen). */
export const ROLES: { id: Role; label: string }[] = [
  { id: 'editor', label: 'Editor — writes and signs off for their department' },
  { id: 'commenter', label: 'Commenter — reads and comments, cannot edit or sign' },
  { id: 'viewer', label: 'Viewer — reads only' },
  { id: 'admin', label: 'Admin — also manages people' },
];

/** A link with a copy button; the link stays visible for browsers without a clipboard. */
function LinkToCopy({ url, label, testId }: { url: string; label: string; testId?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="invite-link">
      <label className="field">
        <span>{label}</span>
        <input readOnly value={url} {...(testId ? { 'data-testid': testId } : {})} onFocus={(event) => event.target.select()} />
      </label>
      <button type="button" onClick={() => void navigator.clipboard?.writeText(url).then(() => setCopied(true), () => undefined)}>
        {copied ? 'Copied' : 'Copy link'}
      </button>
    </div>
  );
}

/**
 * Invites by address: one or several addresses with department and role, the pending list
 * (copy a link, resend, revoke, expiry and what became of the mail) and who joined when.
 * `people` (everyone with an account) tells which departments nobody can sign for yet.
 *
 * The department starts unchosen: an invite makes its holder speak and sign for it, so it is
 * never guessed.
 */
export function InvitesPanel({ onJoined, people = [] }: { onJoined?: () => void; people?: readonly { department: string; role: Role }[] }) {
  const departments = useDepartmentLookup();
  const active = useActiveDepartments();
  const [addresses, setAddresses] = useState('');
  const addressBox = useRef<HTMLTextAreaElement>(null);
  const [department, setDepartment] = useState('');
  const departmentBox = useRef<HTMLSelectElement>(null);
  const [role, setRole] = useState<Role>('editor');
  const [invites, setInvites] = useState<InviteItem[]>([]);
  const [mail, setMail] = useState<MailStatusBody | null>(null);
  /** Links made on this page, by invite id (tokens are stored hashed, so the server cannot show them again). */
  const [links, setLinks] = useState<Record<string, string>>({});
  const [link, setLink] = useState<string | null>(null);
  const [result, setResult] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  const helpId = useId();
  const problemsId = useId();
  const inviteDepartment = active.some((item) => item.id === department) ? department : '';
  const departmentHelpId = useId();
  const signers = new Set(people.filter((person) => person.role === 'editor' || person.role === 'admin').map((person) => person.department));
  const nobodySigns = people.length > 0 ? active.filter((item) => !signers.has(item.id)) : [];
  const parsed = parseAddresses(addresses);
  const tooMany = parsed.valid.length > MAX_INVITES_PER_REQUEST;

  const load = useCallback(() => {
    Promise.all([request(routes.listInvites, { query: { status: 'all' } }), request(routes.mailStatus)]).then(
      ([list, mailStatus]) => {
        setInvites(list);
        setMail(mailStatus);
        setNow(Date.now());
      },
      (caught: unknown) => setError(errorMessage(caught, 'Could not load the invites')),
    );
  }, []);

  // The delivery status changes in the background (sent, retried): look again now and then, while the tab is shown.
  useVisiblePoll(load, INVITES_POLL_MS);

  const remember = (created: CreatedInvite[]) => setLinks((known) => ({ ...known, ...Object.fromEntries(created.map((item) => [item.id, item.url])) }));

  /** Mail is assumed set up until the server says otherwise (the words then change, not the buttons' places). */
  const mailOn = mail?.configured ?? true;
  const count = parsed.valid.length;
  const noun = (n: number) => `${n} invite${n === 1 ? '' : 's'}`;

  /** Invites for the typed addresses: mailed (`mailed`), or made only as links to copy. */
  const invite = async (mailed: boolean) => {
    setError(null);
    setResult('');
    if (parsed.invalid.length > 0) {
      // The line under the box already names them (and was announced): say it once, and put the caret there.
      addressBox.current?.focus();
      return;
    }
    if (parsed.valid.length === 0) {
      setError('Type at least one e-mail address, or create a link for no address.');
      return;
    }
    if (!departmentChosen()) return;
    setBusy(true);
    try {
      const answer = await request(routes.createInvite, { body: { emails: parsed.valid, department: inviteDepartment, role, ...(mailed ? {} : { send: false }) } });
      const created = 'invites' in answer ? answer.invites : [answer];
      remember(created);
      setLink(null);
      setAddresses('');
      const queued = created.filter((item) => item.mailQueued).length;
      const who = created.map((item) => item.email).join(', ');
      setResult(
        !mailed
          ? `${noun(created.length)} created for ${who}, not mailed: copy ${created.length === 1 ? 'its link' : 'each link'} below and hand it over yourself.`
          : queued === created.length
            ? `${noun(created.length)} on the way to ${who}.`
            : `${noun(created.length)} created. Mail is not set up: copy each link below and send it yourself.`,
      );
      load();
    } catch (caught) {
      setError(errorMessage(caught, 'Could not create the invites'));
    } finally {
      setBusy(false);
    }
  };

  const send = (event: React.FormEvent) => {
    event.preventDefault();
    void invite(true);
  };

  /** Says so, and puts the focus on the list, when no department is chosen yet. */
  const departmentChosen = () => {
    if (inviteDepartment) return true;
    setError('Choose the department they will speak for: the invite lets them sign for it.');
    departmentBox.current?.focus();
    return false;
  };

  /** The second button: links only for the typed addresses, or (with none typed) one link for no address. */
  const createLink = async () => {
    if (count > 0) return invite(false);
    setError(null);
    setResult('');
    if (!departmentChosen()) return;
    try {
      const answer = await request(routes.createInvite, { body: { department: inviteDepartment, role } });
      if ('url' in answer) {
        remember([answer]);
        setLink(answer.url);
        setResult('Invite link created: copy it and send it to your colleague.');
      }
      load();
    } catch (caught) {
      setError(errorMessage(caught, 'Could not create the invite'));
    }
  };

  const act = async (item: InviteItem, action: 'resend' | 'link' | 'revoke') => {
    setError(null);
    setResult('');
    const who = item.email ?? 'the link for no address';
    const first = action === 'resend' && item.sendCount === 0;
    if (action === 'revoke' && !window.confirm(`Withdraw the invite for ${who}? Its link stops working at once.`)) return;
    try {
      if (action === 'revoke') {
        await request(routes.revokeInvite, { params: { id: item.id } });
        setResult(`The invite for ${who} was withdrawn.`);
      } else {
        const answer = await request(action === 'resend' ? routes.resendInvite : routes.inviteLink, { params: { id: item.id } });
        remember([answer]);
        setResult(
          action === 'resend'
            ? answer.mailQueued
              ? first
                ? `The invite is on the way to ${who}; the link copied before no longer works.`
                : `A new link is on the way to ${who}; the old one no longer works.`
              : `A new link for ${who} is below. Mail is not set up: copy it and send it yourself.`
            : `A new link for ${who} is below; the old one no longer works.`,
        );
      }
      load();
    } catch (caught) {
      setError(errorMessage(caught, 'That did not work; reload the page and try again.'));
    }
  };

  const pending = invites.filter((item) => item.status === 'pending' || item.status === 'expired');
  const accepted = invites.filter((item) => item.status === 'accepted');
  const mailWords = mail ? mailStatusWords(mail, now) : null;
  useEffect(() => {
    if (accepted.length > 0) onJoined?.();
  }, [accepted.length, onJoined]);

  return (
    <section className="card invites-panel" aria-labelledby="invite-title">
      <h2 id="invite-title">Invite colleagues</h2>
      <p className="muted">The invite decides the department they speak for and what they can do. Each link works once and for seven days; a link made for an address works for that address only.</p>
      {mailWords && (
        <p className="notice" data-testid="mail-status">
          {mailWords}
        </p>
      )}
      <form className="inline-form invite-form" onSubmit={send} noValidate>
        <label className="field invite-addresses">
          <span>E-mail addresses</span>
          <textarea
            ref={addressBox}
            value={addresses}
            rows={2}
            onChange={(event) => setAddresses(event.target.value)}
            aria-describedby={`${helpId} ${problemsId}`}
            aria-invalid={parsed.invalid.length > 0 || tooMany}
            autoComplete="off"
            spellCheck={false}
          />
          <small className="muted" id={helpId}>
            One or several, separated by commas, spaces or new lines (at most {MAX_INVITES_PER_REQUEST}).
            {parsed.valid.length > 0 && ` ${parsed.valid.length} address${parsed.valid.length === 1 ? '' : 'es'}${parsed.invalid.length > 0 ? `, and ${parsed.invalid.length} to correct` : ''}.`}
          </small>
        </label>
        <label className="field">
          <span>Department</span>
          <select ref={departmentBox} value={inviteDepartment} onChange={(event) => setDepartment(event.target.value)} aria-describedby={nobodySigns.length > 0 ? departmentHelpId : undefined}>
            <option value="" disabled>
              Choose a department
            </option>
            {active.map((item) => (
              <option key={item.id} value={item.id}>{item.name}</option>
            ))}
          </select>
          {nobodySigns.length > 0 && (
            <small className="muted" id={departmentHelpId} data-testid="invite-nobody-signs">
              Nobody can sign for {listInWords(nobodySigns.map((item) => item.name))} yet.
            </small>
          )}
        </label>
        <label className="field">
          <span>Role</span>
          <select value={role} onChange={(event) => setRole(event.target.value as Role)}>
            {ROLES.map((item) => (
              <option key={item.id} value={item.id}>{item.label}</option>
            ))}
          </select>
        </label>
        <div className="invite-buttons">
        <button type="submit" className="primary" disabled={busy || tooMany}>
          {mailOn ? (count > 1 ? `Send ${count} invites` : 'Send invite') : count > 1 ? `Create ${count} invites` : 'Create invite'}
        </button>
        {count === 0 ? (
          <button type="button" onClick={() => void createLink()} disabled={busy} title="A link tied to no address: whoever opens it first can join">
            Create invite link
          </button>
        ) : (
          mailOn && (
            <button type="button" onClick={() => void createLink()} disabled={busy || tooMany} title="Makes the links for these addresses to copy and hand over yourself; nothing is mailed">
              {count > 1 ? `Create ${count} links only` : 'Create link only'}
            </button>
          )
        )}
        <small className="muted invite-buttons-help">
          {count === 0
            ? mailOn
              ? 'Type addresses to mail each person their own link. “Create invite link” makes one link for no address instead: whoever opens it first joins, so hand it to one person.'
              : 'Type addresses to make a link for each person, or use “Create invite link” for one link for no address: whoever opens it first joins, so hand it to one person.'
            : mailOn
              ? `“Send” mails each address its own link. “Create ${count > 1 ? 'links' : 'link'} only” makes the ${count > 1 ? 'links' : 'link'} without mailing, for you to hand over.`
              : `Each address gets its own link, which only that address can use; copy it from the list below.`}
        </small>
        </div>
      </form>
      <p className="error invite-problems" id={problemsId} aria-live="polite">
        {parsed.invalid.length > 0 && `Not e-mail addresses: ${parsed.invalid.join(', ')}. Correct or remove ${parsed.invalid.length === 1 ? 'it' : 'them'}.`}
        {tooMany && `That is ${parsed.valid.length} addresses; at most ${MAX_INVITES_PER_REQUEST} at a time.`}
      </p>
      {error && <p className="error" role="alert">{error}</p>}
      <p role="status" className="invite-result">{result}</p>
      {link && <LinkToCopy url={link} label="Send this link to your colleague" testId="invite-url" />}

      <h3 id="pending-title">Waiting for an answer</h3>
      {pending.length === 0 ? (
        <p className="muted">No invites waiting.</p>
      ) : (
        <ul className="invite-list" aria-labelledby="pending-title">
          {pending.map((item) => {
            const title = item.email ?? 'Link for no address';
            const who = item.email ?? 'the link for no address';
            const neverSent = item.sendCount === 0;
            return (
              <li key={item.id} className="invite-item" data-testid="pending-invite" data-email={item.email ?? ''}>
                <div className="invite-what">
                  <strong>{title}</strong>
                  <span className="muted">
                    {departments.name(item.department)}, {item.role} · <span className={item.status === 'expired' ? 'invite-expired' : undefined}>{expiryWords(item.expiresAt, now)}</span>
                  </span>
                  <span className={`invite-delivery invite-delivery-${item.delivery?.state ?? 'none'}`}>{deliveryWords(item, now)}</span>
                </div>
                <div className="invite-actions">
                  <button type="button" className="small" onClick={() => void act(item, 'link')} aria-label={`New link to copy for ${who}`} title="Makes a new link to copy; the old one stops working">
                    New link
                  </button>
                  {item.email && mailOn && (
                    <button type="button" className="small" onClick={() => void act(item, 'resend')} aria-label={`${neverSent ? 'Send' : 'Resend'} the invite to ${who}`}>
                      {neverSent ? 'Send' : 'Resend'}
                    </button>
                  )}
                  <button type="button" className="small danger-text" onClick={() => void act(item, 'revoke')} aria-label={`Revoke the invite for ${who}`}>
                    Revoke
                  </button>
                </div>
                {links[item.id] && <LinkToCopy url={links[item.id]!} label={item.email ? `Link for ${item.email}` : 'Link to copy'} />}
              </li>
            );
          })}
        </ul>
      )}

      <h3 id="accepted-title">Accepted</h3>
      {accepted.length === 0 ? (
        <p className="muted">Nobody has joined through an invite yet.</p>
      ) : (
        <ul className="invite-list" aria-labelledby="accepted-title">
          {accepted.map((item) => (
            <li key={item.id} className="invite-item" data-testid="accepted-invite">
              <div className="invite-what">
                <strong>{item.joined?.name ?? 'An account removed since'}</strong>
                <span className="muted">
                  {item.email ? `${item.email} · ` : ''}
                  {departments.name(item.department)}, {item.role} · joined {item.acceptedAt ? ago(item.acceptedAt, now) : ''}
                </span>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
