import { useEffect, useMemo, useRef, useState } from 'react';
import type { TemplateDetail, TemplateMatch, TemplateSummary } from '../../shared/api';
import { request, routes } from '../api';
import { openingText } from './openingText';
import { errorMessage } from '../errorMessage';
import { DepartmentBadge } from '../components/DepartmentBadge';
import { useActiveDepartments, useDepartmentLookup } from '../departments';
import { navigate } from '../router';
import { useCurrentUser } from '../session';
import './templateGallery.css';

/** Wait after the last keystroke before searching, so typing a word sends one request, not five. */
const SEARCH_DELAY_MS = 200;

/** Where a search matched, the words found in <mark>. */
function MatchSnippet({ match }: { match: TemplateMatch }) {
  return (
    <span className="template-match">
      <span className="template-match-where">{match.section ? `In “${match.section}”:` : 'In the description:'}</span>{' '}
      {match.snippet.map((part, index) => (part.match ? <mark key={index}>{part.text}</mark> : <span key={index}>{part.text}</span>))}
    </span>
  );
}

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
  // The server searches the templates' full text (its index is built at start), so this page carries no text.
  const [found, setFound] = useState<{ query: string; templates: TemplateSummary[] } | null>(null);
  const [details, setDetails] = useState<Record<string, TemplateDetail>>({});
  // Placeholder values by template, so switching templates keeps what was typed for each.
  const [fillIns, setFillIns] = useState<Record<string, Record<string, string>>>({});
  const latestQuery = useRef('');
  const previewHeading = useRef<HTMLHeadingElement>(null);
  const organizationInput = useRef<HTMLInputElement>(null);
  /** Counts the cards chosen by hand, so the preview is brought into view after each. */
  const [picked, setPicked] = useState(0);

  // In one column the preview sits below every card (thousands of pixels down on a phone): a tap on
  // a card brings it into view and moves focus to its heading, so the choice visibly did something.
  useEffect(() => {
    if (picked === 0 || !window.matchMedia('(max-width: 900px)').matches) return;
    const heading = previewHeading.current;
    if (!heading) return;
    heading.focus({ preventScroll: true });
    heading.closest('.template-preview')?.scrollIntoView({ block: 'start' });
  }, [picked]);

  const setUp = (event: React.MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    const input = organizationInput.current;
    if (!input) return;
    input.scrollIntoView({ block: 'center' });
    input.focus({ preventScroll: true });
  };

  useEffect(() => {
    document.title = 'Templates · Accord';
    request(routes.listTemplates).then(setTemplates, (caught: unknown) => setError(errorMessage(caught, 'Could not load the templates')));
    // The organization's name as an admin set it, unless the person typed one first; without it the field stays empty.
    request(routes.getOrganization).then(
      (found) => {
        if (found.name) setOrganization((typed) => typed || found.name!);
      },
      () => {},
    );
  }, []);

  useEffect(() => {
    const wanted = query.trim();
    latestQuery.current = wanted;
    if (!wanted) {
      setFound(null);
      return;
    }
    const timer = setTimeout(() => {
      request(routes.listTemplates, { query: { q: wanted } }).then(
        (result) => latestQuery.current === wanted && setFound({ query: wanted, templates: result }),
        (caught: unknown) => latestQuery.current === wanted && setError(errorMessage(caught, 'Could not search the templates')),
      );
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [query]);

  useEffect(() => {
    if (!selected || details[selected]) return;
    request(routes.getTemplate, { params: { id: selected } }).then(
      (detail) => setDetails((current) => ({ ...current, [detail.id]: detail })),
      (caught: unknown) => setError(errorMessage(caught, 'Could not load this template')),
    );
  }, [selected, details]);

  const sectors = useMemo(() => [...new Set((templates ?? []).map((template) => template.sector))].sort(), [templates]);
  const searching = query.trim() !== '' && found?.query !== query.trim();
  const listed = query.trim() ? (found?.templates ?? []) : (templates ?? []);
  const visible = listed.filter((template) => !sector || template.sector === sector);
  const chosen = templates?.find((template) => template.id === selected) ?? null;
  const chosenDetail = selected ? details[selected] : undefined;
  // Departments the template gives sections to that this organization does not have (or archived): someone must take them.
  const missing = chosen
    ? [...new Set(chosen.sections.flatMap((section) => [section.owner, ...section.approvers]))].filter((id) => !active.some((department) => department.id === id))
    : [];

  const canCreate = user.role !== 'viewer' && user.role !== 'commenter';

  const create = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!chosen) return;
    setBusy(true);
    setError(null);
    try {
      const map = Object.fromEntries(missing.map((id) => [id, departmentMap[id] ?? ''] as const).filter(([, to]) => to));
      const placeholders = Object.fromEntries(Object.entries(fillIns[chosen.id] ?? {}).filter(([, value]) => value.trim()));
      const { id } = await request(routes.createPolicy, {
        body: { title, organization, templateId: chosen.id, ...(missing.length > 0 ? { departmentMap: map } : {}), ...(Object.keys(placeholders).length > 0 ? { placeholders } : {}) },
      });
      navigate(`/p/${id}`);
    } catch (caught) {
      setError(errorMessage(caught, 'Could not create the policy'));
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
          <input type="search" aria-describedby="template-search-hint" value={query} onChange={(event) => setQuery(event.target.value)} placeholder="for example: patient privacy, FINRA, fundraising" />
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
      <p id="template-search-hint" className="muted small-print" role="status">
        {searching ? 'Searching…' : query.trim() ? `${visible.length} template${visible.length === 1 ? '' : 's'} with “${query.trim()}” in the text.` : 'Search looks in every template’s full text, not only the titles.'}
      </p>
      {error && <p className="error" role="alert">{error}</p>}
      <div className="gallery">
        <ul className="template-list" aria-label="Templates">
          {visible.map((template) => (
            <li key={template.id}>
              <button
                type="button"
                className={template.id === selected ? 'template-card selected' : 'template-card'}
                aria-pressed={template.id === selected}
                onClick={() => {
                  setSelected(template.id);
                  setPicked((count) => count + 1);
                }}
                data-template={template.id}
              >
                <span className="template-sector">{template.sector}</span>
                <span className="template-summary">{template.summary}</span>
                <span className="muted">
                  {template.sections.length} sections · {template.jurisdiction}
                </span>
                {template.matches?.map((match, index) => <MatchSnippet key={index} match={match} />)}
              </button>
            </li>
          ))}
          {templates && !searching && visible.length === 0 && <li className="muted">No template matches. Try fewer words.</li>}
        </ul>
        <section className="template-preview" aria-label="Preview">
          {chosen ? (
            <>
              <h2 ref={previewHeading} tabIndex={-1}>{chosen.sector}</h2>
              <p className="muted">{chosen.summary}</p>
              <p className="template-jurisdiction" data-testid="template-jurisdiction">
                <strong>Assumes:</strong> {chosen.jurisdiction}. <span className="muted">Not legal advice: have a lawyer check the policy against the laws where you work before you adopt it.</span>
              </p>
              {canCreate && (
                <p>
                  <a className="button" href="#create-policy" onClick={setUp}>Set up a policy from this template</a>
                </p>
              )}
              <ol className="preview-sections" aria-label={`Sections of the ${chosen.sector} template`}>
                {chosen.sections.map((section, index) => (
                  <li key={section.title}>
                    <h3 className="preview-section-title">{section.title}</h3>
                    {chosenDetail?.sections[index] ? (
                      <p className="preview-opening">{openingText(chosenDetail.sections[index].text, organization, fillIns[chosen.id])}</p>
                    ) : (
                      <p className="preview-opening muted">Loading the text…</p>
                    )}
                    <span className="preview-owners">
                      <DepartmentBadge id={section.owner} label="Owner" />
                      {section.approvers.map((approver) => (
                        <DepartmentBadge key={approver} id={approver} outline label="Approver" />
                      ))}
                    </span>
                  </li>
                ))}
              </ol>
              {canCreate && (
                <form className="create-form" id="create-policy" onSubmit={create}>
                  <label className="field">
                    <span>Organization name</span>
                    <input ref={organizationInput} value={organization} onChange={(event) => setOrganization(event.target.value)} placeholder="Acme Health" required maxLength={200} />
                  </label>
                  <label className="field">
                    <span>Policy title</span>
                    <input value={title} onChange={(event) => setTitle(event.target.value)} required maxLength={200} />
                  </label>
                  {chosen.placeholders.length > 0 && (
                    <fieldset className="field fill-in" aria-describedby="fill-in-later">
                      <legend>Fill in</legend>
                      <p id="fill-in-later" className="muted small-print">
                        The template asks for {chosen.placeholders.length} details only you know, and puts each into every place the policy uses it. All are optional: you can fill them in later from the editor.
                      </p>
                      {chosen.placeholders.map((placeholder) => (
                        <label key={placeholder.name} className="field">
                          <span>{placeholder.label}</span>
                          <input
                            name={placeholder.name}
                            value={fillIns[chosen.id]?.[placeholder.name] ?? ''}
                            onChange={(event) => {
                              const value = event.target.value;
                              setFillIns((current) => ({ ...current, [chosen.id]: { ...current[chosen.id], [placeholder.name]: value } }));
                            }}
                            placeholder={placeholder.example}
                            maxLength={200}
                            aria-describedby={`hint-${placeholder.name}`}
                          />
                          <span id={`hint-${placeholder.name}`} className="muted small-print">
                            {placeholder.hint}
                          </span>
                        </label>
                      ))}
                    </fieldset>
                  )}
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
                  <p className="muted small-print">You will start as {departments.name(user.department)}. Colleagues sign for their own departments; an admin invites them on the People page.</p>
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
