import { useState } from 'react';
import type { Department } from '../../shared/departments';
import type { UpdateDepartmentBody } from '../../shared/api';
import { request, routes } from '../api';
import { errorMessage, fieldErrorMessage } from '../errorMessage';
import { Dialog } from '../components/Dialog';
import { refreshDepartments, useDepartments } from '../departments';

const NEW_COLOR = '#0072B2';

function peopleInWords(count: number): string {
  if (count === 0) return 'Nobody is in it at the moment.';
  return count === 1 ? 'The one person in it stays in it.' : `The ${count} people in it stay in it.`;
}

/** One department's row: swatch, name, people, state; rename and recolour in place, archive after a confirmation. */
function DepartmentRow({
  department,
  people,
  onError,
  onArchive,
}: {
  department: Department;
  people: number;
  onError: (text: string | null) => void;
  onArchive: (department: Department) => void;
}) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(department.name);
  const [color, setColor] = useState(department.color);
  const [busy, setBusy] = useState(false);

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    onError(null);
    setBusy(true);
    try {
      const changes: UpdateDepartmentBody = {};
      if (name.trim() !== department.name) changes.name = name;
      if (color.toUpperCase() !== department.color.toUpperCase()) changes.color = color;
      if (changes.name !== undefined || changes.color !== undefined) {
        await request(routes.updateDepartment, { params: { id: department.id }, body: changes });
        await refreshDepartments();
      }
      setEditing(false);
    } catch (caught) {
      onError(errorMessage(caught, `Could not change ${department.name}. Try again.`));
    } finally {
      setBusy(false);
    }
  };

  const unarchive = async () => {
    onError(null);
    try {
      await request(routes.updateDepartment, { params: { id: department.id }, body: { archived: false } });
      await refreshDepartments();
    } catch (caught) {
      onError(errorMessage(caught, `Could not bring back ${department.name}. Try again.`));
    }
  };

  return (
    <tr data-department={department.id} className={department.archived ? 'department-archived' : undefined}>
      <td>
        <span className="department-swatch" style={{ background: department.color }} aria-hidden="true" />
      </td>
      <th scope="row">
        {editing ? (
          <form className="department-edit" onSubmit={save} aria-label={`Change ${department.name}`}>
            <label className="field">
              <span>Name</span>
              <input value={name} onChange={(event) => setName(event.target.value)} maxLength={60} required />
            </label>
            <label className="field">
              <span>Colour</span>
              <input type="color" value={color} onChange={(event) => setColor(event.target.value.toUpperCase())} />
            </label>
            <button type="submit" className="small primary" disabled={busy}>{busy ? 'Saving…' : 'Save'}</button>
            <button
              type="button"
              className="small"
              onClick={() => {
                setEditing(false);
                setName(department.name);
                setColor(department.color);
              }}
            >
              Cancel
            </button>
          </form>
        ) : (
          department.name
        )}
      </th>
      <td>{people === 1 ? '1 person' : `${people} people`}</td>
      <td>{department.archived ? <span className="department-state">Archived</span> : 'In use'}</td>
      <td>
        <div className="department-actions">
          {!editing && (
            <button type="button" className="small" onClick={() => setEditing(true)} aria-label={`Rename or recolour ${department.name}`}>
              Rename or recolour
            </button>
          )}
          {department.archived ? (
            <button type="button" className="small" onClick={() => void unarchive()} aria-label={`Bring back ${department.name}`}>
              Bring back
            </button>
          ) : (
            <button type="button" className="small danger-text" onClick={() => onArchive(department)} aria-label={`Archive ${department.name}`}>
              Archive
            </button>
          )}
        </div>
      </td>
    </tr>
  );
}

/**
 * The organization's departments, for admins: who can own and approve sections and who people
 * speak for. Departments are archived rather than deleted, so sign-offs and people keep their history.
 */
export function DepartmentsPanel({ peopleIn }: { peopleIn: (departmentId: string) => number }) {
  const departments = useDepartments();
  const [name, setName] = useState('');
  const [color, setColor] = useState(NEW_COLOR);
  const [error, setError] = useState<string | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const [archiving, setArchiving] = useState<Department | null>(null);
  const [archiveError, setArchiveError] = useState<string | null>(null);
  // A refused new department is explained under its form, at the bottom of the panel, not at its top.
  const [addError, setAddError] = useState<string | null>(null);

  const add = async (event: React.FormEvent) => {
    event.preventDefault();
    setError(null);
    setAddError(null);
    setAdded(null);
    try {
      const created = await request(routes.createDepartment, { body: { name, color } });
      await refreshDepartments();
      setName('');
      setAdded(`${created.name} was added. You can now invite people to it and give it sections.`);
    } catch (caught) {
      setAddError(fieldErrorMessage(caught, 'Could not add the department. Try again.'));
    }
  };

  const archive = async () => {
    if (!archiving) return;
    setArchiveError(null);
    try {
      await request(routes.updateDepartment, { params: { id: archiving.id }, body: { archived: true } });
      await refreshDepartments();
      setArchiving(null);
    } catch (caught) {
      setArchiveError(errorMessage(caught, `Could not archive ${archiving.name}. Try again.`));
    }
  };

  return (
    <section className="card" aria-labelledby="departments-title">
      <h2 id="departments-title">Departments</h2>
      <p className="muted">Departments own and approve policy sections, and everyone speaks for one of them.</p>
      {error && <p className="error" role="alert">{error}</p>}
      {added && <p className="notice" role="status">{added}</p>}
      <table className="departments">
        <thead>
          <tr>
            <th scope="col"><span className="visually-hidden">Colour</span></th>
            <th scope="col">Name</th>
            <th scope="col">People</th>
            <th scope="col">State</th>
            <th scope="col"><span className="visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {departments.map((department) => (
            <DepartmentRow
              key={`${department.id}:${department.name}:${department.color}`}
              department={department}
              people={peopleIn(department.id)}
              onError={setError}
              onArchive={(chosen) => {
                setArchiveError(null);
                setArchiving(chosen);
              }}
            />
          ))}
        </tbody>
      </table>
      <form className="department-add" onSubmit={add} aria-label="Add a department">
        <label className="field">
          <span>New department</span>
          <input value={name} onChange={(event) => setName(event.target.value)} placeholder="Product, Clinical, Fundraising…" maxLength={60} required />
        </label>
        <label className="field department-color-field">
          <span>Colour</span>
          <input type="color" value={color} onChange={(event) => setColor(event.target.value.toUpperCase())} />
        </label>
        <button type="submit" className="primary">Add department</button>
      </form>
      {addError && <p className="error" role="alert">{addError}</p>}
      {archiving && (
        <Dialog title={`Archive ${archiving.name}?`} onClose={() => setArchiving(null)}>
          <p>
            {archiving.name} keeps its history: its sign-offs stay in the record and sections it already has keep it.{' '}
            {peopleInWords(peopleIn(archiving.id))}
          </p>
          <p>It can no longer be given sections or people. You can bring it back at any time.</p>
          {archiveError && <p className="error" role="alert">{archiveError}</p>}
          <div className="dialog-actions">
            <button type="button" onClick={() => setArchiving(null)}>Keep it</button>
            <button type="button" className="primary" onClick={() => void archive()}>Archive {archiving.name}</button>
          </div>
        </Dialog>
      )}
    </section>
  );
}
