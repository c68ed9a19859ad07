import { useCallback, useEffect, useState } from 'react';
import type { PendingInvite, UpdateUserBody } from '../../shared/api';
import { ApiError, request, routes } from '../api';
import { useActiveDepartments, useDepartmentLookup } from '../departments';
import { useCurrentUser, type CurrentUser, type Role } from '../session';
import { DepartmentsPanel } from './DepartmentsPanel';
import { PasswordResetButton } from './PasswordResetButton';

const ROLES: { id: Role; label: string }[] = [
  { id: 'editor', label: 'Editor — writes and signs off for their department' },
  { id: 'commenter', label: 'Commenter — reads and comments, cannot edit or sign' },
  { id: 'viewer', label: 'Viewer — reads only' },
  { id: 'admin', label: 'Admin — also manages people' },
];

/** Invite colleagues and manage who speaks for which department. */
export function AdminPage() {
  const me = useCurrentUser();
  const [users, setUsers] = useState<CurrentUser[]>([]);
  const [invites, setInvites] = useState<PendingInvite[]>([]);
  const [department, setDepartment] = useState('legal');
  const [role, setRole] = useState<Role>('editor');
  const [link, setLink] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Invites and moves go only to departments that are not archived; names of existing data come from the whole list.
  const DEPARTMENTS = useActiveDepartments();
  const departments = useDepartmentLookup();
  const inviteDepartment = DEPARTMENTS.some((item) => item.id === department) ? department : (DEPARTMENTS[0]?.id ?? '');

  const load = useCallback(() => {
    request(routes.listUsers).then(setUsers, (caught: ApiError) => setError(caught.message));
    request(routes.listInvites).then(setInvites, () => undefined);
  }, []);

  useEffect(() => {
    document.title = 'People · Accord';
    load();
  }, [load]);

  const invite = async (event: React.FormEvent) => {
    event.preventDefault();
    setError(null);
    setCopied(false);
    try {
      const created = await request(routes.createInvite, { body: { department: inviteDepartment, role } });
      setLink(created.url);
      load();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'Could not create the invite');
    }
  };

  const change = async (user: CurrentUser, changes: UpdateUserBody) => {
    setError(null);
    try {
      await request(routes.updateUser, { params: { id: user.id }, body: changes });
      load();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'Could not change this person');
    }
  };

  const remove = async (user: CurrentUser) => {
    if (!window.confirm(`Remove ${user.name}? They will be signed out at once. Their past sign-offs stay in the history.`)) return;
    try {
      await request(routes.removeUser, { params: { id: user.id } });
      load();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'Could not remove this person');
    }
  };

  return (
    <div className="page wide-page">
      <div className="page-heading">
        <h1>People</h1>
      </div>
      {error && <p className="error" role="alert">{error}</p>}
      <section className="card" aria-labelledby="invite-title">
        <h2 id="invite-title">Invite a colleague</h2>
        <p className="muted">The invite decides the department they speak for and what they can do. Each link works once and for seven days.</p>
        <form className="inline-form" onSubmit={invite}>
          <label className="field">
            <span>Department</span>
            <select value={inviteDepartment} onChange={(event) => setDepartment(event.target.value)}>
              {DEPARTMENTS.map((item) => (
                <option key={item.id} value={item.id}>{item.name}</option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Role</span>
            <select value={role} onChange={(event) => setRole(event.target.value as Role)}>
              {ROLES.map((item) => (
                <option key={item.id} value={item.id}>{item.label}</option>
              ))}
            </select>
          </label>
          <button type="submit" className="primary">Create invite link</button>
        </form>
        {link && (
          <div className="invite-link">
            <label className="field">
              <span>Send this link to your colleague</span>
              <input readOnly value={link} data-testid="invite-url" onFocus={(event) => event.target.select()} />
            </label>
            <button
              type="button"
              onClick={() => {
                void navigator.clipboard?.writeText(link).then(() => setCopied(true));
              }}
            >
              {copied ? 'Copied' : 'Copy link'}
            </button>
          </div>
        )}
        {invites.length > 0 && (
          <p className="muted">
            {invites.length} invite{invites.length === 1 ? '' : 's'} not used yet: {invites.map((item) => `${departments.name(item.department)} (${item.role})`).join(', ')}.
          </p>
        )}
      </section>
      <section className="card" aria-labelledby="people-title">
        <h2 id="people-title">Everyone</h2>
        <table className="people">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Department</th>
              <th scope="col">Role</th>
              <th scope="col"><span className="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id}>
                <th scope="row">{user.name}{user.id === me.id ? ' (you)' : ''}</th>
                <td>{user.email}</td>
                <td>
                  <select aria-label={`Department of ${user.name}`} disabled={user.id === me.id} title={user.id === me.id ? "Another admin can change your department" : undefined} value={user.department} onChange={(event) => void change(user, { department: event.target.value as CurrentUser['department'] })}>
                    {DEPARTMENTS.map((item) => (
                      <option key={item.id} value={item.id}>{item.name}</option>
                    ))}
                    {!DEPARTMENTS.some((item) => item.id === user.department) && (
                      <option value={user.department}>
                        {departments.name(user.department)}
                        {departments.byId(user.department)?.archived ? ' (archived)' : ''}
                      </option>
                    )}
                  </select>
                </td>
                <td>
                  <select aria-label={`Role of ${user.name}`} value={user.role} onChange={(event) => void change(user, { role: event.target.value as Role })}>
                    {ROLES.map((item) => (
                      <option key={item.id} value={item.id}>{item.id}</option>
                    ))}
                  </select>
                </td>
                <td>
                  {user.id !== me.id && <PasswordResetButton user={user} />}
                  {user.id !== me.id && (
                    <button type="button" className="small danger-text" onClick={() => void remove(user)}>Remove</button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <DepartmentsPanel peopleIn={(id) => users.filter((user) => user.department === id).length} />
    </div>
  );
}
