import { memo, useCallback, useEffect, useRef, useState } from 'react';
import { hasNoText } from '../../shared/readability';
import { useDismiss } from '../components/useDismiss';
import { mustSign, STATUS_SYMBOLS, type SectionStatus } from '../../shared/signoffRules';
import { CommentIcon } from '../comments/CommentIcon';
import { useComments } from '../comments/commentsContext';
import { useOpenThreadCount } from '../comments/openThreadCounts';
import { useDepartmentLookup } from '../departments';
import { useOutlineRows, useSectionState, type PolicySections } from './policySections';
import { isPartlySigned, statusSummaryWords } from './sectionStatus';

/** A half-filled circle: some of the section's departments have signed, not all. */
const PARTLY_SYMBOL = '◐';

interface OutlineProps {
  sections: PolicySections;
  gradeTarget: number;
  department: string;
  onJump: (sectionId: string) => void;
  /** Placeholders still to fill in, by section id (sections with none are left out). */
  unfilled?: ReadonlyMap<string, number>;
}

/**
 * The policy's sections at a glance: owner, status, reading level; a click jumps there. Beside
 * the document on wide screens; on narrow ones behind a "Sections" button, as a drawer
 * (styles.css, "Outline drawer").
 */
export function Outline({ sections: store, gradeTarget, department, onJump, unfilled }: OutlineProps) {
  const departments = useDepartmentLookup();
  const sections = useOutlineRows(store);
  const [mineOnly, setMineOnly] = useState(false);
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const drawer = useRef<HTMLElement>(null);
  // The dimmed page beside the open drawer takes the tap that closes it, so that tap does not also land in the document.
  const backdrop = useRef<HTMLDivElement>(null);
  useDismiss(open, [button, drawer, backdrop], (reason) => {
    setOpen(false);
    if (reason === 'escape') button.current?.focus();
  });
  useEffect(() => {
    if (open) drawer.current?.querySelector<HTMLElement>('button.outline-item, input')?.focus();
  }, [open]);
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  const jump = useCallback(
    (sectionId: string) => {
      setOpen(false);
      onJump(sectionId);
    },
    [onJump],
  );
  const shown = mineOnly ? sections.filter((section) => mustSign(section, department)) : sections;
  return (
    <div className="outline-area" data-open={open}>
      <div className="outline-bar">
        <button ref={button} type="button" className="outline-button" aria-expanded={open} aria-controls="policy-outline" onClick={() => setOpen((value) => !value)}>
          <span aria-hidden="true">☰</span> Sections
        </button>
      </div>
      {open && <div ref={backdrop} className="outline-backdrop" aria-hidden="true" onClick={close} />}
      <nav ref={drawer} id="policy-outline" className="outline" aria-label="Sections">
        <div className="outline-head">
          <h2 className="outline-title">Sections</h2>
          <button type="button" className="icon-button outline-close" aria-label="Close the sections list" onClick={close}>
            ×
          </button>
        </div>
        <label className="checkbox outline-filter">
          <input type="checkbox" checked={mineOnly} onChange={(event) => setMineOnly(event.target.checked)} />
          Only {departments.name(department)}’s sections
        </label>
        <ol>
          {shown.map((section) => (
            <OutlineEntry key={section.id} store={store} id={section.id} title={section.title} color={departments.color(section.owner)} gradeTarget={gradeTarget} unfilled={unfilled?.get(section.id) ?? 0} onJump={jump} />
          ))}
          {shown.length === 0 && <li className="muted">Nothing for {departments.name(department)} here.</li>}
        </ol>
      </nav>
    </div>
  );
}

/** One line of the outline; re-renders only when its own title, owner, status, reading level or count to fill in changes. */
const OutlineEntry = memo(function OutlineEntry({
  store,
  id,
  title,
  color,
  gradeTarget,
  unfilled,
  onJump,
}: {
  store: PolicySections;
  id: string;
  title: string;
  color: string;
  gradeTarget: number;
  unfilled: number;
  onJump: (sectionId: string) => void;
}) {
  const live = useSectionState(store, id);
  const status: SectionStatus = live?.status.status ?? 'pending';
  const partly = live ? isPartlySigned(live.status) : false;
  const statusWords = statusSummaryWords(live?.status);
  const grade = live?.grade;
  const over = grade !== undefined && grade > gradeTarget;
  const openThreads = useOpenThreadCount(useComments()?.openCounts, id);
  return (
    <li>
      <button type="button" className={`outline-item status-${status}`} onClick={() => onJump(id)} data-outline-section={id}>
        <span className="owner-dot" style={{ background: color }} aria-hidden="true" />
        <span className="outline-text">{title || 'Untitled section'}</span>
        <span className="outline-flags">
          {hasNoText(live?.level) && <span className="flag-empty">No text yet</span>}
          {unfilled > 0 && (
            <span className="flag-fill" title={`${unfilled} ${unfilled === 1 ? 'place' : 'places'} to fill in`} data-testid="outline-unfilled">
              <span aria-hidden="true">✎{unfilled}</span>
              <span className="visually-hidden">{unfilled} to fill in</span>
            </span>
          )}
          {openThreads > 0 && (
            <span className="flag-comments" title={`${openThreads} open comment ${openThreads === 1 ? 'thread' : 'threads'}`}>
              <span aria-hidden="true"><CommentIcon />{openThreads}</span>
              <span className="visually-hidden">{openThreads} open {openThreads === 1 ? 'comment' : 'comments'}</span>
            </span>
          )}
          {over && (
            <span className="flag-over" title={`Reading level grade ${grade.toFixed(1)} is above the target of ${gradeTarget}`}>
              <span aria-hidden="true">▲</span>
              <span className="visually-hidden">hard to read</span>
            </span>
          )}
          <span className={`flag-status flag-${partly ? 'partly' : status}`} title={statusWords} data-testid="outline-status">
            <span aria-hidden="true">{partly ? PARTLY_SYMBOL : STATUS_SYMBOLS[status]}</span>
            <span className="visually-hidden">{statusWords}</span>
          </span>
        </span>
      </button>
    </li>
  );
});
