import { useEffect, useState } from 'react';
import { z } from 'zod/mini';
import { endorsementEndedWords, reviewDateAuditWords, staffLinkAuditWords } from './auditWords';
import { VersionsCard } from './VersionsCard';
import { ReviewCard } from './ReviewCard';
import { StaffLinkCard } from './StaffLinkCard';
import type { AuditEntryBody } from '../../shared/api';
import { request, routes } from '../api';
import { errorMessage } from '../errorMessage';
import { clauseAuditWords } from '../clauses/clauseAuditWords';
import { readingLevelLabel } from '../../shared/readability';
import { DEPARTMENT_STATE_WORDS, departmentSignoff, mustSign, signingDepartments, STATUS_SYMBOLS } from '../../shared/signoffRules';
import { usePolicyStatus } from '../collab/usePolicyStatus';
import { StatusPill } from '../components/StatusPill';
import { STRUCTURE_CHANGED_LABEL } from './statusLabel';
import { useDepartmentLookup, useDepartments } from '../departments';
import { onLinkClick } from '../router';
import { useCurrentUser } from '../session';
import './access.css';
import { formatWhen } from '../formatWhen';

/** "Ada Admin, Lena Legal": who can sign for a department. */
function namesOf(people: readonly { name: string }[]): string {
  return people.map((person) => person.name).join(', ');
}

/** Where the endorsement stands: sections × departments, progress per department, and what waits on me. */
export function DashboardPage({ policyId }: { policyId: string }) {
  const user = useCurrentUser();
  const allDepartments = useDepartments();
  const lookup = useDepartmentLookup();
  const { policy, error, reload } = usePolicyStatus(policyId);
  const [target, setTarget] = useState('');
  const [targetMessage, setTargetMessage] = useState<string | null>(null);
  const [endorseMessage, setEndorseMessage] = useState<string | null>(null);
  /** Counts changes of the staff link, so the history shows them. */
  const [staffLinkChanges, setStaffLinkChanges] = useState(0);

  useEffect(() => {
    document.title = `Sign-off dashboard · ${policy?.title ?? 'Policy'} · Accord`;
  }, [policy?.title]);

  if (error) return <div className="page"><p className="error" role="alert">{error.message}</p></div>;
  if (!policy) return <div className="page" aria-busy="true"><p className="muted">Loading…</p></div>;

  // Every department a section asks for, archived ones included, in the organization's order; any the list lacks come last by id.
  const requiredIds = new Set(signingDepartments(policy.sections));
  const unknown = [...requiredIds].filter((id) => !lookup.byId(id)).sort().map((id) => ({ id, name: id, color: lookup.color(id), archived: false }));
  const departments = [...allDepartments.filter((department) => requiredIds.has(department.id)), ...unknown];
  const waiting = policy.sections.filter((section) => mustSign(section, user.department) && departmentSignoff(section.signoffs, user.department).state !== 'signed');
  const signedCount = policy.sections.filter((section) => section.status === 'signed').length;
  const signersOf = (department: string) => policy.signers.find((entry) => entry.department === department)?.people ?? [];
  const nobody = departments.filter((department) => signersOf(department.id).length === 0);

  return (
    <div className="page wide-page dashboard">
      <p>
        <a href={`/p/${policyId}`} onClick={onLinkClick}>← Back to the policy</a>
      </p>
      <div className="page-heading">
        <h1>Sign-off dashboard: {policy.title}</h1>
        <StatusPill status={policy.status} label={policy.structureChanged ? STRUCTURE_CHANGED_LABEL : undefined} />
      </div>
      <p className="lead" data-testid="dashboard-progress">
        {signedCount} of {policy.sections.length} sections signed.
      </p>
      {nobody.length > 0 && (
        <div className="card" role="alert" data-testid="nobody-can-sign">
          {nobody.map((department) => (
            <p key={department.id} className="nobody-can-sign">
              {department.name} has nobody who can sign.
            </p>
          ))}
          <p>
            The policy cannot be endorsed until someone there can sign:{' '}
            {user.role === 'admin' ? (
              <>
                invite an editor to the department on the <a href="/admin" onClick={onLinkClick}>People page</a>
              </>
            ) : (
              'ask an admin to invite an editor to the department'
            )}
            {policy.sharing === 'members' ? ', and share this policy with them' : ''}.
          </p>
        </div>
      )}
      {policy.structureChanged && (
        <div className="card structure-notice" role="status" data-testid="structure-changed">
          <p>
            Every section is signed, but the policy’s title or the order of its sections changed after the last endorsement. Each
            department that signs part of the policy confirms this version as a whole; then it is endorsed.
          </p>
          {policy.structureChange && (
            <ul className="structure-changes" data-testid="structure-changes" aria-label="What changed since the last endorsement">
              {policy.structureChange.title && (
                <li>
                  The title was “{policy.structureChange.title.before}” and is now “{policy.structureChange.title.after}”.
                </li>
              )}
              {policy.structureChange.moved.map((move) => (
                <li key={move.sectionId}>
                  “{move.title || 'Untitled section'}” moved from place {move.from} to place {move.to}.
                </li>
              ))}
              {policy.structureChange.removed.map((title, index) => (
                <li key={`removed-${index}`}>“{title || 'Untitled section'}” was deleted.</li>
              ))}
            </ul>
          )}
          {policy.confirmations && (
            <p data-testid="confirmations">
              {policy.confirmations.confirmed.length > 0 &&
                `Confirmed by ${policy.confirmations.confirmed.map((confirmation) => `${lookup.name(confirmation.department)} (${confirmation.userName})`).join(', ')}. `}
              {policy.confirmations.waiting.length > 0 && `Waiting on ${policy.confirmations.waiting.map((id) => lookup.name(id)).join(', ')}.`}
            </p>
          )}
          {user.role !== 'viewer' && user.role !== 'commenter' && policy.confirmations?.waiting.includes(user.department) && (
            <p>
              <button
                type="button"
                className="primary"
                onClick={() => {
                  setEndorseMessage(null);
                  request(routes.confirmEndorsement, { params: { id: policyId }, body: { fingerprint: policy.fingerprint } }).then(
                    () => void reload(),
                    (caught: unknown) => setEndorseMessage(errorMessage(caught, 'Could not confirm the endorsement')),
                  );
                }}
              >
                Confirm this version for {lookup.name(user.department)}
              </button>{' '}
              {endorseMessage && <span role="alert" className="error">{endorseMessage}</span>}
            </p>
          )}
        </div>
      )}


      <section aria-labelledby="waiting-title" className="card">
        <h2 id="waiting-title">For {lookup.name(user.department)} to sign</h2>
        {policy.confirmations?.waiting.includes(user.department) && (
          <p>The renamed or reordered policy waits for your department’s confirmation (above).</p>
        )}
        {waiting.length === 0 ? (
          !policy.confirmations?.waiting.includes(user.department) && (
            <p className="muted" data-testid="nothing-to-sign">
              {policy.sections.some((section) => mustSign(section, user.department))
                ? `✓ ${lookup.name(user.department)} has signed everything it needs to sign.`
                : `Nothing in this policy needs a sign-off from ${lookup.name(user.department)}.`}
            </p>
          )
        ) : (
          <ul className="todo">
            {waiting.map((section) => (
              <li key={section.id}>
                <a href={`/p/${policyId}#${section.id}`} onClick={onLinkClick}>{section.title || 'Untitled section'}</a>{' '}
                {departmentSignoff(section.signoffs, user.department).state === 'stale' ? <span className="muted">(changed since you signed)</span> : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="departments-title" className="card">
        <h2 id="departments-title">Progress by department</h2>
        <ul className="department-progress">
          {departments.map((department) => {
            const required = policy.sections.filter((section) => mustSign(section, department.id));
            const done = required.filter((section) => departmentSignoff(section.signoffs, department.id).state === 'signed').length;
            return (
              <li key={department.id}>
                <span className="owner-dot" style={{ background: department.color }} aria-hidden="true" />
                <span className="department-name">{department.name}</span>
                <progress max={required.length} value={done} aria-label={`${department.name}: ${done} of ${required.length}`} />
                <span>{done} of {required.length}</span>
                <span className={signersOf(department.id).length === 0 ? 'nobody-can-sign' : 'signer-list'} data-testid={`signers-${department.id}`}>
                  {signersOf(department.id).length === 0 ? 'Nobody can sign' : `Can sign: ${namesOf(signersOf(department.id))}`}
                </span>
              </li>
            );
          })}
        </ul>
      </section>

      <section aria-labelledby="matrix-title" className="card">
        <h2 id="matrix-title">Sections and departments</h2>
        {/* Scrolls on its own both ways, so the departments' names stay in view over a long policy; focusable to scroll by keyboard. */}
        <div className="table-scroll matrix-scroll" tabIndex={0} role="region" aria-labelledby="matrix-title">
          <table className="matrix">
            <caption className="visually-hidden">Sign-off of every section by every required department</caption>
            <thead>
              <tr>
                <th scope="col">Section</th>
                <th scope="col">Reading level</th>
                {departments.map((department) => (
                  <th scope="col" key={department.id}>{department.name}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {policy.sections.map((section) => {
                return (
                  <tr key={section.id}>
                    <th scope="row">
                      <a href={`/p/${policyId}#${section.id}`} onClick={onLinkClick}>{section.title || 'Untitled section'}</a>
                    </th>
                    <td className={section.readability && section.readability.grade > policy.gradeTarget ? 'over-target' : ''}>
                      {section.readability ? readingLevelLabel(section.readability.grade) : '—'}
                    </td>
                    {departments.map((department) => {
                      if (!mustSign(section, department.id)) return <td key={department.id} className="not-required"><span className="visually-hidden">not required</span></td>;
                      const { state, signoff } = departmentSignoff(section.signoffs, department.id);
                      return (
                        <td key={department.id} className={`cell-${state}`} data-state={state}>
                          <span aria-hidden="true">{STATUS_SYMBOLS[state]}</span>{' '}
                          {state === 'signed' ? (
                            <>
                              {signoff.userName} <time className="muted" dateTime={signoff.at}>{formatWhen(signoff.at)}</time>
                            </>
                          ) : (
                            DEPARTMENT_STATE_WORDS[state]
                          )}
                          {state !== 'pending' && signoff.comment && <span className="signoff-comment"> “{signoff.comment}”</span>}
                          {state !== 'signed' && (
                            <span className={signersOf(department.id).length === 0 ? 'nobody-can-sign' : 'signer-list'}>
                              {' '}
                              {signersOf(department.id).length === 0 ? '(nobody can sign)' : `(${namesOf(signersOf(department.id))})`}
                            </span>
                          )}
                        </td>
                      );
                    })}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        {/* Beside the reading levels it judges, not above the sign-off. */}
        {user.role === 'admin' && (
          <form
            className="inline-form target-form"
            onSubmit={(event) => {
              event.preventDefault();
              request(routes.updatePolicy, { params: { id: policyId }, body: { gradeTarget: Number(target) } }).then(
                () => {
                  setTargetMessage('Target saved.');
                  void reload();
                },
                (caught: unknown) => setTargetMessage(errorMessage(caught, 'Could not save the target')),
              );
            }}
          >
            <label className="field">
              <span>Reading-level target (grade)</span>
              <input type="number" min={4} max={16} step={1} value={target || String(policy.gradeTarget)} onChange={(event) => setTarget(event.target.value)} />
            </label>
            <button type="submit">Save target</button>
            {targetMessage && <span role="status" className="muted">{targetMessage}</span>}
          </form>
        )}
      </section>

      <ReviewCard policyId={policyId} reviewBy={policy.reviewBy} canSet={policy.canSetReview} setters={policy.accessGrantors} endorsedAt={policy.endorsedAt} onSaved={() => void reload()} />
      <StaffLinkCard policyId={policyId} refresh={policy.fingerprint + policy.status} membersOnly={policy.sharing === 'members'} onChanged={() => setStaffLinkChanges((count) => count + 1)} />
      <VersionsCard policyId={policyId} refresh={policy.fingerprint + policy.status} />
      <HistoryCard policyId={policyId} version={`${policy.fingerprint}${policy.status}${policy.reviewBy ?? ''}${staffLinkChanges}`} />
    </div>
  );
}

type AuditEntry = AuditEntryBody;
/** What a structural audit entry's `before`/`after` may hold: who signs (requirements, sections) or the endorsed version. */
const auditValueSchema = z.nullable(z.object({ owner: z.optional(z.string()), approvers: z.optional(z.array(z.string())), version: z.optional(z.number()) }));
const auditValue = (value: unknown) => {
  const parsed = auditValueSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
};

/** The policy's audit trail, newest first: sign-offs beside changes to who signs, sections added and removed, endorsements. */
function HistoryCard({ policyId, version }: { policyId: string; version: string }) {
  const lookup = useDepartmentLookup();
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [showAll, setShowAll] = useState(false);
  useEffect(() => {
    request(routes.getAudit, { params: { id: policyId } }).then(setEntries, () => setEntries([]));
  }, [policyId, version]);
  const who = (requirement: { owner?: string; approvers?: string[] } | null | undefined) =>
    requirement?.owner ? `${lookup.name(requirement.owner)}${requirement.approvers?.length ? ` with ${requirement.approvers.map((id) => lookup.name(id)).join(', ')}` : ''}` : '';
  const describe = (entry: AuditEntry): string => {
    const section = `“${entry.sectionTitle || 'Untitled section'}”`;
    switch (entry.kind) {
      case 'signoff':
        return `signed off ${section} for ${lookup.name(entry.department ?? '')}${entry.comment ? `: “${entry.comment}”` : ''}`;
      case 'revoke':
        return `revoked ${lookup.name(entry.department ?? '')}’s sign-off of ${section}`;
      case 'requirements':
        return `changed who signs ${section}: ${who(auditValue(entry.before))} → ${who(auditValue(entry.after))}`;
      case 'section_added':
        return `added ${section}, owned by ${who(auditValue(entry.after))}`;
      case 'section_removed':
        return `deleted ${section}`;
      case 'section_restored':
        return `brought back ${section}`;
      case 'endorsed':
        return `completed the endorsement of the policy${auditValue(entry.after)?.version ? ` (version ${auditValue(entry.after)?.version})` : ''}`;
      case 'endorsement_confirmed':
        return `confirmed the renamed or reordered policy for ${lookup.name(entry.department ?? '')}`;
      case 'clause_inserted':
      case 'clause_updated':
        return clauseAuditWords({ kind: entry.kind, sectionTitle: entry.sectionTitle, after: entry.after });
      case 'endorsement_ended':
        return endorsementEndedWords(entry.after);
      case 'endorsement_restored':
        return `brought back the endorsement: the policy reads as endorsed version ${auditValue(entry.after)?.version ?? '?'} again`;
      case 'review_date_set':
        return reviewDateAuditWords(entry.before, entry.after);
      case 'staff_link_created':
        return staffLinkAuditWords(entry.after);
      case 'staff_link_stopped':
        return 'stopped the staff link';
    }
  };
  const shown = entries && !showAll ? entries.slice(0, 20) : entries;
  return (
    <section aria-labelledby="history-title" className="card">
      <h2 id="history-title">History</h2>
      {!entries ? (
        <p className="muted">Loading…</p>
      ) : entries.length === 0 ? (
        <p className="muted">Nothing has been signed or changed in who signs yet.</p>
      ) : (
        <>
          <ol className="history" data-testid="history">
            {shown!.map((entry) => (
              <li key={`${entry.kind}-${entry.id}`}>
                <time dateTime={entry.at}>{formatWhen(entry.at)}</time> <strong>{entry.userName || 'Accord'}</strong> {describe(entry)}
              </li>
            ))}
          </ol>
          {entries.length > 20 && !showAll && (
            <button type="button" onClick={() => setShowAll(true)}>
              Show all {entries.length} entries
            </button>
          )}
        </>
      )}
    </section>
  );
}
