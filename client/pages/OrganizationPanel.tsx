import { useEffect, useState } from 'react';
import { ORGANIZATION_NAME_MAX, type OrganizationBody } from '../../shared/api';
import { request, routes } from '../api';
import { errorMessage, fieldErrorMessage } from '../errorMessage';
import { formatWhen } from '../formatWhen';

/** The organization's name: new policies start with it and mail names it. Admins only (the People page). */
export function OrganizationPanel() {
  const [saved, setSaved] = useState<OrganizationBody | null>(null);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    request(routes.getOrganization).then(
      (found) => {
        setSaved(found);
        setName((typed) => typed || (found.name ?? ''));
      },
      (caught: unknown) => setError(errorMessage(caught, 'Could not load the organization’s name')),
    );
  }, []);

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    setError(null);
    setNotice(null);
    setBusy(true);
    try {
      const next = await request(routes.updateOrganization, { body: { name } });
      setSaved(next);
      setName(next.name ?? '');
      setNotice(`Saved. New policies and e-mails now say “${next.name}”.`);
    } catch (caught) {
      setError(fieldErrorMessage(caught, 'Could not save the name. Try again.'));
    } finally {
      setBusy(false);
    }
  };

  const unchanged = saved !== null && name.replace(/\s+/g, ' ').trim() === (saved.name ?? '');
  return (
    <section className="card" aria-labelledby="organization-title">
      <h2 id="organization-title">Organization</h2>
      <p className="muted">
        New policies start with this name, and invitations and other e-mails use it. Policies made before keep the name they were made with.
      </p>
      {error && <p className="error" role="alert">{error}</p>}
      {notice && <p className="notice" role="status">{notice}</p>}
      <form className="department-add organization-form" onSubmit={save} aria-label="The organization’s name">
        <label className="field">
          <span>Organization name</span>
          <input value={name} onChange={(event) => setName(event.target.value)} placeholder="Northwind Trading" maxLength={ORGANIZATION_NAME_MAX} required />
        </label>
        <button type="submit" className="primary" disabled={busy || unchanged}>
          {busy ? 'Saving…' : 'Save name'}
        </button>
      </form>
      {saved?.updatedAt && (
        <p className="muted small-print">
          Set {formatWhen(saved.updatedAt)}
          {saved.updatedBy ? ` by ${saved.updatedBy}` : ''}.
        </p>
      )}
    </section>
  );
}
