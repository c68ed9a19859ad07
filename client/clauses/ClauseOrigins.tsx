import { useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import { lazyDialog } from '../components/lazyDialog';
import type { SectionClause } from '../../shared/api/clauses';
import { request, routes } from '../api';
import type { PolicySections } from '../editor/policySections';
import { onClausesChanged } from './clauseEvents';
import './clauses.css';

const ClauseUpdateDialog = lazyDialog(() => import('./ClauseUpdateDialog'), (module) => module.ClauseUpdateDialog, 'The clause update');

const HOST_CLASS = 'clause-origin-host';

/** The element under a section's header (outside the editable text) that holds its library line. */
function hostFor(sectionId: string): HTMLElement | null {
  const meta = document.querySelector<HTMLElement>(`[data-section-id="${CSS.escape(sectionId)}"] > .section-meta`);
  if (!meta) return null;
  const next = meta.nextElementSibling;
  if (next instanceof HTMLElement && next.classList.contains(HOST_CLASS)) return next;
  const host = document.createElement('div');
  host.className = HOST_CLASS;
  host.contentEditable = 'false';
  meta.after(host);
  return host;
}

/**
 * "From the library: <title>, version N" under the header of each section that holds a library
 * clause, and "Library update available" when the library has a newer version. The list is
 * asked again when sections come or go and after this person inserts a clause.
 */
export function ClauseOrigins({ policyId, store, canTakeUpdate }: { policyId: string; store: PolicySections; canTakeUpdate: (owner: string) => boolean }) {
  const [clauses, setClauses] = useState<SectionClause[]>([]);
  const [reload, setReload] = useState(0);
  const [layout, setLayout] = useState(0);
  const [open, setOpen] = useState<SectionClause | null>(null);

  useEffect(() => onClausesChanged(() => setReload((count) => count + 1)), []);
  useEffect(() => {
    let stale = false;
    request(routes.listPolicyClauses, { params: { id: policyId } }).then(
      (answer) => !stale && setClauses(answer.clauses),
      () => undefined,
    );
    return () => {
      stale = true;
    };
  }, [policyId, reload]);
  // New sections (someone else may have inserted one) and redrawn headers both need the lines placed again.
  useEffect(() => {
    let ids = store.sections.map((section) => section.id).join(' ');
    return store.subscribe(() => {
      setLayout((count) => count + 1);
      const next = store.sections.map((section) => section.id).join(' ');
      if (next !== ids) {
        ids = next;
        setReload((count) => count + 1);
      }
    });
  }, [store]);

  const bySection = new Map<string, SectionClause[]>();
  for (const clause of clauses) bySection.set(clause.sectionId, [...(bySection.get(clause.sectionId) ?? []), clause]);
  void layout;

  return (
    <>
      {[...bySection].map(([sectionId, entries]) => {
        const host = hostFor(sectionId);
        if (!host) return null;
        return createPortal(
          <p className="clause-origin" data-testid="clause-origin">
            {entries.map((entry) => (
              <span key={entry.clauseId} className="clause-origin-entry">
                From the library: {entry.title}, version {entry.version}
                {entry.updateAvailable && (
                  <button type="button" className="small clause-update" onClick={() => setOpen(entry)} aria-haspopup="dialog">
                    Library update available
                  </button>
                )}
              </span>
            ))}
          </p>,
          host,
          sectionId,
        );
      })}
      {open && (
        <ClauseUpdateDialog
          policyId={policyId}
          entry={open}
          sectionText={(store.section(open.sectionId)?.text ?? '').split('\n').slice(1).join('\n')}
          canTake={canTakeUpdate(store.section(open.sectionId)?.owner ?? '')}
          onDone={() => {
            setOpen(null);
            setReload((count) => count + 1);
          }}
          onClose={() => setOpen(null)}
        />
      )}
    </>
  );
}
