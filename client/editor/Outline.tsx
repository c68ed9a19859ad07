import { memo, useState } from 'react';
import { hasNoText } from '../../shared/readability';
import { mustSign, STATUS_SYMBOLS, type SectionStatus } from '../../shared/signoffRules';
import { useDepartmentLookup } from '../departments';
import { useOutlineRows, useSectionState, type PolicySections } from './policySections';

interface OutlineProps {
  sections: PolicySections;
  gradeTarget: number;
  department: string;
  onJump: (sectionId: string) => void;
}

/** The policy's sections at a glance: owner, status, reading level; a click jumps there. */
export function Outline({ sections: store, gradeTarget, department, onJump }: OutlineProps) {
  const departments = useDepartmentLookup();
  const sections = useOutlineRows(store);
  const [mineOnly, setMineOnly] = useState(false);
  const shown = mineOnly ? sections.filter((section) => mustSign(section, department)) : sections;
  return (
    <nav className="outline" aria-label="Sections">
      <h2 className="outline-title">Sections</h2>
      <label className="checkbox outline-filter">
        <input type="checkbox" checked={mineOnly} onChange={(event) => setMineOnly(event.target.checked)} />
        Only {departments.name(department)}’s sections
      </label>
      <ol>
        {shown.map((section) => (
          <OutlineEntry key={section.id} store={store} id={section.id} title={section.title} color={departments.color(section.owner)} gradeTarget={gradeTarget} onJump={onJump} />
        ))}
        {shown.length === 0 && <li className="muted">Nothing for {departments.name(department)} here.</li>}
      </ol>
    </nav>
  );
}

/** One line of the outline; re-renders only when its own title, owner, status or reading level changes. */
const OutlineEntry = memo(function OutlineEntry({
  store,
  id,
  title,
  color,
  gradeTarget,
  onJump,
}: {
  store: PolicySections;
  id: string;
  title: string;
  color: string;
  gradeTarget: number;
  onJump: (sectionId: string) => void;
}) {
  const live = useSectionState(store, id);
  const status: SectionStatus = live?.status.status ?? 'pending';
  const grade = live?.grade;
  const over = grade !== undefined && grade > gradeTarget;
  return (
    <li>
      <button type="button" className={`outline-item status-${status}`} onClick={() => onJump(id)} data-outline-section={id}>
        <span className="owner-dot" style={{ background: color }} aria-hidden="true" />
        <span className="outline-text">{title || 'Untitled section'}</span>
        <span className="outline-flags">
          {hasNoText(live?.level) && <span className="flag-empty">No text yet</span>}
          {over && (
            <span className="flag-over" title={`Reading level grade ${grade.toFixed(1)} is above the target of ${gradeTarget}`}>
              <span aria-hidden="true">▲</span>
              <span className="visually-hidden">hard to read</span>
            </span>
          )}
          <span className={`flag-status flag-${status}`} title={status}>
            <span aria-hidden="true">{STATUS_SYMBOLS[status]}</span>
            <span className="visually-hidden">{status}</span>
          </span>
        </span>
      </button>
    </li>
  );
});
