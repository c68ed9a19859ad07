import { useCallback, useEffect, useState } from 'react';
import type { UpdateUserBody } from '../../shared/api';
import { request, routes } from '../api';
import { errorMessage } from '../errorMessage';
import { useActiveDepartments, useDepartmentLookup } from '../departments';
import { useCurrentUser, type CurrentUser, type Role } from '../session';
import { DepartmentsPanel } from './DepartmentsPanel';
import { InvitesPanel, ROLES } from './InvitesPanel';
import { OrganizationPanel } from './OrganizationPanel';
import { PasswordResetButton } from './PasswordResetButton';

/** Invite colleagues and manage who speaks for which department. */
export function AdminPage() {
  const me = useCurrentUser();
  const [users, setUsers] = useState<CurrentUser[]>([]);
  const [error, setError] = useState<string | null>(null);
  // Invites and moves go only to departments that are not archived; names of existing data come from the whole list.
  const DEPARTMENTS = useActiveDepartments();
  const departments = useDepartmentLookup();

  const load = useCallback(() => {
    request(routes.listUsers).then(setUsers, (caught: unknown) => setError(errorMessage(caught, 'Could not load the people')));
  }, []);

  useEffect(() => {
    document.title = 'People · Accord';
    load();
  }, [load]);

  const change = async (user: CurrentUser, changes: UpdateUserBody) => {
    setError(null);
    try {
      await request(routes.updateUser, { params: { id: user.id }, body: changes });
      load();
    } catch (caught) {
      setError(errorMessage(caught, 'Could not change this person'));
    }
  };

  const remove = async (user: CurrentUser) => {
    if (!window.confirm(`Remove ${user.name}? They will be signed out at once. Their past sign-offs stay in the history.`)) return;
    try {
      await request(routes.removeUser, { params: { id: user.id } });
      load();
    } catch (caught) {
      setError(errorMessage(caught, 'Could not remove this person'));
    }
  };

  return (
    <div className="page wide-page">
      <div className="page-heading">
        <h1>People</h1>
      </div>
      {error && <p className="error" role="alert">{error}</p>}
      <InvitesPanel onJoined={load} people={users} />
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
      <OrganizationPanel />
      <DepartmentsPanel peopleIn={(id) => users.filter((user) => user.department === id).length} />
    </div>
  );
}
