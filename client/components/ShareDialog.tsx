import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import type { AddMemberBody, MembersBody, Person, SharingBody } from '../../shared/api';
import { request, routes } from '../api';
import { errorMessage } from '../errorMessage';
import { useDepartmentLookup, useDepartments } from '../departments';
import { useCurrentUser } from '../session';
import { Dialog } from './Dialog';

type Sharing = SharingBody;
type MemberRole = AddMemberBody['role'];

const ROLE_LABEL: Record<MemberRole, string> = { editor: 'Editor', commenter: 'Commenter', viewer: 'Viewer' };
/** Each role with the one line that says what it allows. */
const ROLE_CHOICES: { id: MemberRole; label: string }[] = [
  { id: 'editor', label: 'Editor — writes and signs off' },
  { id: 'commenter', label: 'Commenter — reads and comments' },
  { id: 'viewer', label: 'Viewer — reads only' },
];
const WITH_ARTICLE: Record<MemberRole, string> = { editor: 'an editor', commenter: 'a commenter', viewer: 'a viewer' };

function memberRole(value: string): MemberRole {
  return ROLE_CHOICES.find((choice) => choice.id === value)?.id ?? 'viewer';
}

/**
 * Who a policy is shared with, in the manner of Google Docs: everyone in the organization, or
 * only the people added here, each an editor, a commenter or a viewer. Admins and the policy's editors
 * change it; everyone else sees it read-only.
 */
export function ShareDialog({ policyId, onClose }: { policyId: string; onClose: () => void }) {
  const user = useCurrentUser();
  const departments = useDepartments();
  const lookup = useDepartmentLookup();
  const [state, setState] = useState<MembersBody | null>(null);
  const [people, setPeople] = useState<Person[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [choice, setChoice] = useState('');
  const [role, setRole] = useState<MemberRole>('editor');
  const ids = { sharing: useId(), add: useId(), role: useId() };

  const load = useCallback(async () => {
    try {
      setState(await request(routes.listMembers, { params: { id: policyId } }));
    } catch (caught) {
      setError(errorMessage(caught, 'Could not load who this policy is shared with.'));
    }
  }, [policyId]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    if (!state?.canShare) return;
    request(routes.listPeople).then(setPeople, (caught: unknown) => setError(errorMessage(caught, 'Could not load the people of your organization.')));
  }, [state?.canShare]);

  const run = async (action: () => Promise<unknown>, done: string, fallback: string) => {
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      await action();
      await load();
      setStatus(done);
    } catch (caught) {
      setError(errorMessage(caught, fallback));
    } finally {
      setBusy(false);
    }
  };

  const memberIds = useMemo(() => new Set(state?.members.map((member) => member.id)), [state]);
  const candidates = people.filter((person) => !memberIds.has(person.id));
  const peopleDepartments = useMemo(() => new Set(people.map((person) => person.department)), [people]);
  const departmentChoices = departments.filter((department) => !department.archived && peopleDepartments.has(department.id));
  const editable = Boolean(state?.canShare) && !busy;

  const setSharing = (sharing: Sharing) =>
    run(
      () => request(routes.updatePolicy, { params: { id: policyId }, body: { sharing } }),
      sharing === 'members' ? 'Only the people listed can open this policy now.' : 'Everyone in the organization can open this policy now.',
      'Could not change who this policy is shared with.',
    );

  const add = (event: React.FormEvent) => {
    event.preventDefault();
    if (!choice) {
      setError('Choose a person or a department to add.');
      return;
    }
    const [kind, id] = [choice.slice(0, choice.indexOf(':')), choice.slice(choice.indexOf(':') + 1)];
    const body: AddMemberBody = kind === 'department' ? { department: id, role } : { userId: id, role };
    const name = kind === 'department' ? lookup.name(id) : (people.find((person) => person.id === id)?.name ?? 'This person');
    void run(
      async () => {
        await request(routes.addMembers, { params: { id: policyId }, body });
        setChoice('');
      },
      kind === 'department' ? `Everyone in ${name} was added as ${ROLE_LABEL[role].toLowerCase()}.` : `${name} was added as ${ROLE_LABEL[role].toLowerCase()}.`,
      'Could not add them.',
    );
  };

  return (
    <Dialog title="Share this policy" onClose={onClose}>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {state === null && !error && (
        <p className="muted" aria-busy="true">
          Loading…
        </p>
      )}
      {state && (
        <>
          <fieldset className="field" aria-describedby={ids.sharing}>
            <legend>Who can open this policy</legend>
            <label className="checkbox">
              <input type="radio" name="sharing" value="organization" checked={state.sharing === 'organization'} disabled={!editable} onChange={() => void setSharing('organization')} />{' '}
              Everyone in the organization
            </label>
            <label className="checkbox">
              <input type="radio" name="sharing" value="members" checked={state.sharing === 'members'} disabled={!editable} onChange={() => void setSharing('members')} /> Only
              people added here
            </label>
            <span id={ids.sharing} className="muted small-print sharing-hint">
              {state.sharing === 'organization'
                ? 'Every account can open it, each with the role it has in Accord. The people below keep their roles if you limit it to them.'
                : 'Nobody else can open it or find it in the list. Admins can always open every policy.'}
            </span>
          </fieldset>

          <h3>People with access</h3>
          {state.members.length === 0 ? (
            <p className="muted">Nobody has been added yet.</p>
          ) : (
            <ul aria-label="People with access" style={{ listStyle: 'none', padding: 0, margin: '0 0 14px' }}>
              {state.members.map((member) => (
                <li key={member.id} style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8, padding: '6px 0', borderBottom: '1px solid var(--line)' }}>
                  {/* Wraps instead of pushing the role and Remove past the dialog's edge when the name is long. */}
                  <span style={{ flex: '1 1 12rem', minWidth: 0 }}>
                    <strong>{member.name}</strong>
                    {member.id === user.id && ' (you)'} <span className="muted">{lookup.name(member.department)}</span>
                    {member.effectiveRole !== member.role && member.effectiveRole !== 'admin' && (
                      <span className="muted small-print"> · {member.effectiveRole === 'commenter' ? 'can only read and comment: their account is a commenter' : 'can only read: their account is a viewer'}</span>
                    )}
                  </span>
                  {state.canShare ? (
                    <>
                      <select
                        aria-label={`Role of ${member.name}`}
                        style={{ maxWidth: '100%' }}
                        value={member.role}
                        disabled={!editable}
                        onChange={(event) =>
                          void run(
                            () => request(routes.addMembers, { params: { id: policyId }, body: { userId: member.id, role: memberRole(event.target.value) } }),
                            `${member.name} is now ${WITH_ARTICLE[memberRole(event.target.value)]}.`,
                            'Could not change their role.',
                          )
                        }
                      >
                        {ROLE_CHOICES.map((choice) => (
                          <option key={choice.id} value={choice.id}>
                            {choice.label}
                          </option>
                        ))}
                      </select>
                      <button
                        type="button"
                        className="small danger-text"
                        disabled={!editable}
                        aria-label={`Remove ${member.name}`}
                        onClick={() =>
                          void run(() => request(routes.removeMember, { params: { id: policyId, userId: member.id } }), `${member.name} was removed.`, 'Could not remove them.')
                        }
                      >
                        Remove
                      </button>
                    </>
                  ) : (
                    <span>{ROLE_LABEL[member.role]}</span>
                  )}
                </li>
              ))}
            </ul>
          )}

          {state.canShare ? (
            <form className="inline-form" onSubmit={add}>
              <label className="field" htmlFor={ids.add}>
                <span>Add people or a department</span>
                <select id={ids.add} value={choice} onChange={(event) => setChoice(event.target.value)} disabled={busy}>
                  <option value="">Choose…</option>
                  {departmentChoices.length > 0 && (
                    <optgroup label="Departments (everyone in it now)">
                      {departmentChoices.map((department) => (
                        <option key={department.id} value={`department:${department.id}`}>
                          {department.name}
                        </option>
                      ))}
                    </optgroup>
                  )}
                  {candidates.length > 0 && (
                    <optgroup label="People">
                      {candidates.map((person) => (
                        <option key={person.id} value={`person:${person.id}`}>
                          {person.name} ({lookup.name(person.department)})
                        </option>
                      ))}
                    </optgroup>
                  )}
                </select>
              </label>
              <label className="field" htmlFor={ids.role}>
                <span>As</span>
                <select id={ids.role} value={role} onChange={(event) => setRole(event.target.value as MemberRole)} disabled={busy}>
                  {ROLE_CHOICES.map((choice) => (
                    <option key={choice.id} value={choice.id}>
                      {choice.label}
                    </option>
                  ))}
                </select>
              </label>
              <button type="submit" className="primary" disabled={busy}>
                Add
              </button>
            </form>
          ) : (
            <p className="muted small-print">Only admins and the editors this policy is shared with can change who it is shared with.</p>
          )}
          {status && (
            <p className="muted" role="status">
              {status}
            </p>
          )}
        </>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          Done
        </button>
      </div>
    </Dialog>
  );
}
