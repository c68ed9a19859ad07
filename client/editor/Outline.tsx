import { useState } from 'react';
import { mustSign, STATUS_SYMBOLS } from '../../shared/signoffRules';
import type { SectionInfo } from '../../shared/sections';
import { useDepartmentLookup } from '../departments';
import type { SectionStatusView } from './sectionStatus';

interface OutlineProps {
  sections: SectionInfo[];
  statusBySection: Map<string, SectionStatusView>;
  gradeBySection: Map<string, number>;
  gradeTarget: number;
  department: string;
  onJump: (sectionId: string) => void;
}

/** The policy's sections at a glance: owner, status, reading level; a click jumps there. */
export function Outline({ sections, statusBySection, gradeBySection, gradeTarget, department, onJump }: OutlineProps) {
  const departments = useDepartmentLookup();
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
        {shown.map((section) => {
          const status = statusBySection.get(section.id)?.status ?? 'pending';
          const grade = gradeBySection.get(section.id);
          const over = grade !== undefined && grade > gradeTarget;
          return (
            <li key={section.id}>
              <button type="button" className={`outline-item status-${status}`} onClick={() => onJump(section.id)} data-outline-section={section.id}>
                <span className="owner-dot" style={{ background: departments.color(section.owner) }} aria-hidden="true" />
                <span className="outline-text">{section.title || 'Untitled section'}</span>
                <span className="outline-flags">
                  {over && (
                    <span className="flag-over" title={`Reading level grade ${grade!.toFixed(1)} is above the target of ${gradeTarget}`}>
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
        })}
        {shown.length === 0 && <li className="muted">Nothing for {departments.name(department)} here.</li>}
      </ol>
    </nav>
  );
}
