import { type KeyboardEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { CLAUSE_GROUP_LABELS, CLAUSE_GROUPS, CLAUSE_SECTORS, type ClauseDetail, type ClauseGroup, type ClauseSector, type ClauseSummary } from '../../shared/api/clauses';
import { request, routes } from '../api';
import { errorMessage } from '../errorMessage';
import { Dialog } from '../components/Dialog';
import { DepartmentBadge } from '../components/DepartmentBadge';
import { useDepartmentLookup, useDepartments } from '../departments';
import { announceClausesChanged } from './clauseEvents';
import { ClauseContent } from './ClauseContent';
import './clauses.css';

const SECTOR_LABELS: Record<ClauseSector, string> = {
  corporate: 'Corporate',
  financial: 'Financial services',
  healthcare: 'Healthcare',
  government: 'Government',
  'higher-education': 'Higher education',
  nonprofit: 'Nonprofit',
  retail: 'Retail',
  'small-business': 'Small business',
};

/** A section the clause can go after or into. */
export interface SectionChoice {
  id: string;
  title: string;
}

function reviewedLabel(date: string): string {
  const parsed = new Date(`${date}T12:00:00Z`);
  return Number.isNaN(parsed.getTime()) ? date : parsed.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

/**
 * The clause library inside the editor: search and filter the library, read a clause, and
 * insert it as a new section (owner and approvers from the clause, set by the server) or into
 * the section in view. Lazy-loaded when the person opens it.
 */
export function ClauseLibraryDialog({
  policyId,
  sections,
  currentSectionId,
  readOnly,
  onInserted,
  onClose,
}: {
  policyId: string;
  sections: readonly SectionChoice[];
  /** The section in view when the library was opened. */
  currentSectionId: string | null;
  readOnly: boolean;
  /** After an insert: the section that holds the clause now. */
  onInserted: (sectionId: string, message: string) => void;
  onClose: () => void;
}) {
  const ids = { q: useId(), group: useId(), sector: useId(), law: useId(), owner: useId(), after: useId(), results: useId(), note: useId() };
  const departments = useDepartments();
  const lookup = useDepartmentLookup();
  const [q, setQ] = useState('');
  const [group, setGroup] = useState<ClauseGroup | ''>('');
  const [sector, setSector] = useState<ClauseSector | ''>('');
  const [law, setLaw] = useState('');
  const [owner, setOwner] = useState('');
  const [results, setResults] = useState<ClauseSummary[] | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [loaded, setLoaded] = useState<ClauseDetail | null>(null);
  // Only the highlighted clause's text is shown and inserted, never one that was chosen before it.
  const selected = loaded?.id === selectedId ? loaded : null;
  const [after, setAfter] = useState(currentSectionId ?? sections[sections.length - 1]?.id ?? '');
  const [busy, setBusy] = useState(false);
  const current = sections.find((section) => section.id === currentSectionId) ?? null;
  const filtered = q.trim() !== '' || group !== '' || sector !== '' || law.trim() !== '' || owner !== '';
  const searchInput = useRef<HTMLInputElement>(null);
  // The list is one stop for Tab (the clause last moved to, else the chosen one, else the first);
  // the arrow keys, Home and End move within it, so the preview's buttons are one Tab away.
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const resultIds = (results ?? []).map((clause) => clause.id);
  const tabStopId = [focusedId, selectedId].find((id) => id !== null && resultIds.includes(id)) ?? resultIds[0] ?? null;
  const moveInList = (event: KeyboardEvent<HTMLUListElement>) => {
    const at = resultIds.indexOf((event.target as HTMLElement).dataset.clauseId ?? '');
    if (at < 0) return;
    const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: resultIds.length - 1 }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    const id = resultIds[Math.max(0, Math.min(resultIds.length - 1, to))]!;
    setFocusedId(id);
    event.currentTarget.querySelector<HTMLButtonElement>(`[data-clause-id="${CSS.escape(id)}"]`)?.focus();
  };
  const clearFilters = () => {
    setQ('');
    setGroup('');
    setSector('');
    setLaw('');
    setOwner('');
    searchInput.current?.focus();
  };

  useEffect(() => {
    let stale = false;
    // Typing waits a moment, so each keystroke is not a request.
    const timer = setTimeout(() => {
      const query = { ...(q.trim() ? { q: q.trim() } : {}), ...(group ? { group } : {}), ...(sector ? { sector } : {}), ...(law.trim() ? { law: law.trim() } : {}), ...(owner ? { owner } : {}) };
      request(routes.listClauses, { query }).then(
        (answer) => {
          if (stale) return;
          setResults(answer.clauses);
          setTotal(answer.total);
          setError(null);
        },
        (caught: unknown) => !stale && setError(errorMessage(caught, 'Could not load the clause library.')),
      );
    }, 200);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [q, group, sector, law, owner]);

  // The preview follows the chosen clause; an answer for a clause chosen before is dropped.
  useEffect(() => {
    if (!selectedId) return;
    let stale = false;
    request(routes.getClause, { params: { id: selectedId } }).then(
      (detail) => !stale && setLoaded(detail),
      (caught: unknown) => !stale && setError(errorMessage(caught, 'Could not load this clause.')),
    );
    return () => {
      stale = true;
    };
  }, [selectedId]);

  const insert = async (where: 'after' | 'into') => {
    if (!selected) return;
    setBusy(true);
    setError(null);
    try {
      if (where === 'after') {
        const answer = await request(routes.insertClauseSection, { params: { id: policyId }, body: { clauseId: selected.id, after: after || null } });
        announceClausesChanged();
        onInserted(answer.sectionId, `“${selected.title}” was added as a new section.`);
      } else if (current) {
        await request(routes.insertClauseIntoSection, { params: { id: policyId, sectionId: current.id }, body: { clauseId: selected.id } });
        announceClausesChanged();
        onInserted(current.id, `“${selected.title}” was added to “${current.title}”.`);
      }
    } catch (caught) {
      setError(errorMessage(caught, 'Could not insert the clause.'));
      setBusy(false);
    }
  };

  const owners = useMemo(() => departments.filter((department) => !department.archived), [departments]);

  return (
    <Dialog title="Clause library" onClose={onClose} wide>
      <p className="clause-note" id={ids.note}>
        Not legal advice. Each clause assumes US federal law unless it says otherwise. Check it with your legal team.
      </p>
      <div className="clause-filters" role="search">
        <label className="field clause-search" htmlFor={ids.q}>
          <span>Search</span>
          <input ref={searchInput} id={ids.q} data-autofocus type="search" value={q} onChange={(event) => setQ(event.target.value)} placeholder="Words such as reviews, HIPAA or hashtags" maxLength={200} />
        </label>
        <label className="field" htmlFor={ids.group}>
          <span>Topic</span>
          <select id={ids.group} value={group} onChange={(event) => setGroup(event.target.value as ClauseGroup | '')}>
            <option value="">All topics</option>
            {CLAUSE_GROUPS.map((id) => (
              <option key={id} value={id}>{CLAUSE_GROUP_LABELS[id]}</option>
            ))}
          </select>
        </label>
        <label className="field" htmlFor={ids.sector}>
          <span>Sector</span>
          <select id={ids.sector} value={sector} onChange={(event) => setSector(event.target.value as ClauseSector | '')}>
            <option value="">All sectors</option>
            {CLAUSE_SECTORS.map((id) => (
              <option key={id} value={id}>{SECTOR_LABELS[id]}</option>
            ))}
          </select>
        </label>
        <label className="field" htmlFor={ids.law}>
          <span>Law or rule</span>
          <input id={ids.law} type="search" value={law} onChange={(event) => setLaw(event.target.value)} placeholder="FTC, NLRA, FERPA…" maxLength={200} />
        </label>
        <label className="field" htmlFor={ids.owner}>
          <span>Owner</span>
          <select id={ids.owner} value={owner} onChange={(event) => setOwner(event.target.value)}>
            <option value="">Any department</option>
            {owners.map((department) => (
              <option key={department.id} value={department.id}>{department.name}</option>
            ))}
          </select>
        </label>
      </div>
      {error && <p className="field-error" role="alert">{error}</p>}
      <div className="clause-browser">
        <div className="clause-results-pane">
          <p className="muted small-print" role="status" aria-live="polite">
            {results === null ? 'Loading…' : `${results.length} of ${total} clauses`}
          </p>
          {results !== null && results.length === 0 && filtered && (
            <div className="clause-none">
              <p>No clause matches all of these. Try fewer words, or clear the search and filters.</p>
              <button type="button" className="small" onClick={clearFilters}>Clear search and filters</button>
            </div>
          )}
          {resultIds.length > 1 && <p className="visually-hidden" id={`${ids.results}-keys`}>Move through the clauses with the up and down arrow keys; Enter shows one. Tab goes on to the chosen clause.</p>}
          <ul className="clause-results" id={ids.results} aria-label="Clauses" aria-describedby={resultIds.length > 1 ? `${ids.results}-keys` : undefined} onKeyDown={moveInList}>
            {(results ?? []).map((clause) => (
              // The button is named by the clause's title alone and described by the details beside it, so a screen reader
              // says the title first; it covers the whole row (clauses.css), so a click anywhere on the row chooses it.
              <li key={clause.id} className="clause-row" data-selected={selectedId === clause.id || undefined}>
                <button
                  type="button"
                  className="clause-result"
                  aria-pressed={selectedId === clause.id}
                  tabIndex={clause.id === tabStopId ? 0 : -1}
                  data-clause-id={clause.id}
                  onFocus={() => setFocusedId(clause.id)}
                  aria-describedby={`${ids.results}-${clause.id}-details`}
                  onClick={() => setSelectedId(clause.id)}
                >
                  <span className="clause-title">{clause.title}</span>
                </button>
                <span className="clause-details" id={`${ids.results}-${clause.id}-details`}>
                  <span className="clause-tags">
                    <span className="clause-group">{CLAUSE_GROUP_LABELS[clause.group]}</span>
                    <DepartmentBadge id={clause.owner} label="Owner" />
                    <span className="muted">Reviewed {reviewedLabel(clause.reviewed)}</span>
                  </span>
                  {clause.laws.length > 0 && <span className="clause-laws">{clause.laws.join('; ')}</span>}
                </span>
              </li>
            ))}
          </ul>
        </div>
        <div className="clause-preview">
          {selected ? (
            <article aria-labelledby={`${ids.results}-title`}>
              {/* Only the title is announced when another clause is chosen, not the whole clause. */}
              <h3 id={`${ids.results}-title`} aria-live="polite">{selected.title}</h3>
              <p className="clause-tags">
                <DepartmentBadge id={selected.owner} label="Owner" />
                {selected.approvers.map((id) => (
                  <DepartmentBadge key={id} id={id} outline label="Approver" />
                ))}
                <span className="muted">Version {selected.version}, reviewed {reviewedLabel(selected.reviewed)}</span>
              </p>
              <p className="small-print">
                {selected.jurisdiction ? `Applies in: ${selected.jurisdiction}.` : 'Assumes US federal law.'} {selected.sectors.includes('all') ? 'Suits every sector.' : `Suits: ${selected.sectors.map((id) => SECTOR_LABELS[id as ClauseSector] ?? id).join(', ')}.`}
              </p>
              {selected.laws.length > 0 && <p className="small-print clause-laws">Reflects: {selected.laws.join('; ')}</p>}
              {selected.volatile && <p className="small-print clause-volatile">May change: {selected.volatile}</p>}
              <div className="clause-text" data-testid="clause-preview-text">
                <ClauseContent content={selected.content} />
              </div>
              {readOnly ? (
                <p className="muted">You can read the library, but you cannot change this policy.</p>
              ) : (
                <div className="clause-actions">
                  <label className="field" htmlFor={ids.after}>
                    <span>Insert as new section after…</span>
                    <select id={ids.after} value={after} onChange={(event) => setAfter(event.target.value)}>
                      {sections.map((section, index) => (
                        <option key={section.id} value={section.id}>{`${index + 1}. ${section.title || 'Untitled section'}`}</option>
                      ))}
                    </select>
                  </label>
                  <div className="dialog-actions">
                    <button type="button" className="primary" disabled={busy} onClick={() => void insert('after')}>
                      Insert as new section
                    </button>
                    {current && (
                      <button type="button" disabled={busy} onClick={() => void insert('into')}>
                        Insert into “{current.title || 'this section'}”
                      </button>
                    )}
                  </div>
                  <p className="muted small-print">
                    A new section is owned by {lookup.name(selected.owner)}
                    {selected.approvers.length > 0 ? `, approved by ${selected.approvers.map((id) => lookup.name(id)).join(', ')}` : ''}.
                  </p>
                </div>
              )}
            </article>
          ) : (
            <p className="muted">Choose a clause to read it here.</p>
          )}
        </div>
      </div>
    </Dialog>
  );
}
