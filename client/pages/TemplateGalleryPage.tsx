import { useEffect, useMemo, useState } from 'react';
import type { TemplateSummary } from '../../shared/api';
import { ApiError, request, routes } from '../api';
import { DepartmentBadge } from '../components/DepartmentBadge';
import { useActiveDepartments, useDepartmentLookup } from '../departments';
import { navigate } from '../router';
import { useCurrentUser } from '../session';

/** The policy database: find a template for your kind of organization, preview it, start from it. */
export function TemplateGalleryPage() {
  const user = useCurrentUser();
  const departments = useDepartmentLookup();
  const active = useActiveDepartments();
  const [departmentMap, setDepartmentMap] = useState<Record<string, string>>({});
  const [templates, setTemplates] = useState<TemplateSummary[] | null>(null);
  const [query, setQuery] = useState('');
  const [sector, setSector] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const [organization, setOrganization] = useState('');
  const [title, setTitle] = useState('Social Media Policy');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    document.title = 'Templates · Accord';
    request(routes.listTemplates).then(setTemplates, (caught: ApiError) => setError(caught.message));
  }, []);

  const sectors = useMemo(() => [...new Set((templates ?? []).map((template) => template.sector))].sort(), [templates]);
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const visible = (templates ?? []).filter((template) => {
    if (sector && template.sector !== sector) return false;
    const haystack = [template.title, template.sector, template.summary, ...template.sections.map((section) => section.title)].join(' ').toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
  const chosen = templates?.find((template) => template.id === selected) ?? null;
  // Departments the template gives sections to that this organization does not have (or archived): someone must take them.
  const missing = chosen
    ? [...new Set(chosen.sections.flatMap((section) => [section.owner, ...section.approvers]))].filter((id) => !active.some((department) => department.id === id))
    : [];

  const create = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!chosen) return;
    setBusy(true);
    setError(null);
    try {
      const map = Object.fromEntries(missing.map((id) => [id, departmentMap[id] ?? ''] as const).filter(([, to]) => to));
      const { id } = await request(routes.createPolicy, {
        body: { title, organization, templateId: chosen.id, ...(missing.length > 0 ? { departmentMap: map } : {}) },
      });
      navigate(`/p/${id}`);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'Could not create the policy');
      setBusy(false);
    }
  };

  return (
    <div className="page wide-page">
      <div className="page-heading">
        <h1>Templates</h1>
      </div>
      <p className="muted lead">Start from a complete policy written for your kind of organization. Each section is already assigned to the department that should own it.</p>
      <div className="filters" role="search">
        <label className="field">
          <span>Search</span>
          <input type="search" value={query} onChange={(event) => setQuery(event.target.value)} placeholder="for example: patient privacy, FINRA, fundraising" />
        </label>
        <label className="field">
          <span>Sector</span>
          <select value={sector} onChange={(event) => setSector(event.target.value)}>
            <option value="">All sectors</option>
            {sectors.map((item) => (
              <option key={item} value={item}>{item}</option>
            ))}
          </select>
        </label>
      </div>
      {error && <p className="error" role="alert">{error}</p>}
      <div className="gallery">
        <ul className="template-list" aria-label="Templates">
          {visible.map((template) => (
            <li key={template.id}>
              <button
                type="button"
                className={template.id === selected ? 'template-card selected' : 'template-card'}
                aria-pressed={template.id === selected}
                onClick={() => setSelected(template.id)}
                data-template={template.id}
              >
                <span className="template-sector">{template.sector}</span>
                <span className="template-summary">{template.summary}</span>
                <span className="muted">{template.sections.length} sections</span>
              </button>
            </li>
          ))}
          {templates && visible.length === 0 && <li className="muted">No template matches. Try fewer words.</li>}
        </ul>
        <section className="template-preview" aria-label="Preview" aria-live="polite">
          {chosen ? (
            <>
              <h2>{chosen.sector}</h2>
              <p className="muted">{chosen.summary}</p>
              <ol className="preview-sections">
                {chosen.sections.map((section) => (
                  <li key={section.title}>
                    <span>{section.title}</span>
                    <span className="preview-owners">
                      <DepartmentBadge id={section.owner} label="Owner" />
                      {section.approvers.map((approver) => (
                        <DepartmentBadge key={approver} id={approver} outline label="Approver" />
                      ))}
                    </span>
                  </li>
                ))}
              </ol>
              {user.role !== 'viewer' && (
                <form className="create-form" onSubmit={create}>
                  <label className="field">
                    <span>Organization name</span>
                    <input value={organization} onChange={(event) => setOrganization(event.target.value)} placeholder="Acme Health" required maxLength={200} />
                  </label>
                  <label className="field">
                    <span>Policy title</span>
                    <input value={title} onChange={(event) => setTitle(event.target.value)} required maxLength={200} />
                  </label>
                  {missing.length > 0 && (
                    <fieldset className="field department-map">
                      <legend>Some sections belong to departments your organization does not have (or has archived). Who takes them?</legend>
                      {missing.map((id) => (
                        <label key={id} className="field">
                          <span>Sections for {departments.name(id)} go to</span>
                          <select required value={departmentMap[id] ?? ''} onChange={(event) => setDepartmentMap((current) => ({ ...current, [id]: event.target.value }))}>
                            <option value="">Choose a department…</option>
                            {active.map((department) => (
                              <option key={department.id} value={department.id}>
                                {department.name}
                              </option>
                            ))}
                          </select>
                        </label>
                      ))}
                    </fieldset>
                  )}
                  <button type="submit" className="primary" disabled={busy}>
                    {busy ? 'Creating…' : 'Create policy from this template'}
                  </button>
                  <p className="muted small-print">You will start as {departments.name(user.department)}; your colleagues join with the link.</p>
                </form>
              )}
            </>
          ) : (
            <p className="muted">Choose a template to see its sections and who owns them.</p>
          )}
        </section>
      </div>
    </div>
  );
}
