import { useState } from 'react';
import { DEPARTMENT_STATE_WORDS, departmentSignoff, STATUS_SYMBOLS, STATUS_WORDS } from '../../shared/signoffRules';
import { useDepartmentLookup } from '../departments';
import type { SectionStatusView } from './sectionStatus';
import '../pages/access.css';
import { formatWhen } from '../formatWhen';

/**
 * One chip per required department, the owner first: its colour, its name and where its
 * sign-off stands — signed (who, when), waiting, or changed since signing.
 */
export function SignoffChips({
  owner,
  required,
  status,
  onShowChanges,
}: {
  owner: string;
  required: string[];
  status: SectionStatusView | undefined;
  onShowChanges: (department: string) => void;
}) {
  const departments = useDepartmentLookup();
  return (
    <ul className="signoff-chips" aria-label="Departments and their sign-off">
      {required.map((department) => {
        const info = departments.byId(department);
        const { state, signoff } = departmentSignoff(status?.signoffs ?? [], department);
        const name = info?.name ?? department;
        const role = department === owner ? 'owner' : 'approver';
        const detail =
          state === 'pending'
            ? STATUS_WORDS.pending.toLowerCase()
            : state === 'signed'
              ? `signed by ${signoff.userName}, ${formatWhen(signoff.at)}`
              : `changed since ${signoff.userName} signed on ${formatWhen(signoff.at)}`;
        const comment = state === 'pending' ? '' : signoff.comment.trim();
        return (
          <li
            key={department}
            className={`chip chip-${state} chip-${role}`}
            style={{ borderColor: info?.color, ...(role === 'owner' ? { boxShadow: `inset 3px 0 0 ${info?.color}` } : {}) }}
            data-department={department}
            data-state={state}
            title={`${name} (${role}): ${detail}${comment ? ` — “${comment}”` : ''}`}
          >
            <span className="badge-dot" style={{ background: info?.color ?? '#666' }} aria-hidden="true" />
            <span className="chip-name">{name}</span>
            {/* The owner's role is shown; an approver's is said to screen readers only (shown on every
                chip, the word made a section's chips wrap to twice as many lines). */}
            <span className={role === 'owner' ? 'chip-role' : 'chip-role visually-hidden'}>{role}</span>
            <span className={`chip-state chip-state-${state}`}>
              <span aria-hidden="true">{STATUS_SYMBOLS[state]}</span>
              <span className={state === 'signed' ? 'chip-signer' : 'visually-hidden'}>
                {state === 'signed' ? signoff.userName : state === 'stale' ? STATUS_WORDS.stale.toLowerCase() : DEPARTMENT_STATE_WORDS.pending}
              </span>
              {state === 'stale' && <span aria-hidden="true"> {DEPARTMENT_STATE_WORDS.stale}</span>}
            </span>
            <span className="visually-hidden">: {detail}</span>
            {comment && <ChipComment comment={comment} signer={signoff?.userName ?? ''} />}
            {state === 'stale' && (
              <button type="button" className="link-button" onClick={() => onShowChanges(department)} aria-label={`What changed since ${name} signed`}>
                What changed
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** The sign-off comment ("subject to NLRA wording"): an icon that opens it, its text in a small popover. */
function ChipComment({ comment, signer }: { comment: string; signer: string }) {
  const [open, setOpen] = useState(false);
  return (
    <span className="chip-comment">
      <button
        type="button"
        className="link-button signoff-comment-icon"
        aria-expanded={open}
        aria-label={`${signer}’s comment`}
        title={`“${comment}”`}
        onClick={() => setOpen((value) => !value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') setOpen(false);
        }}
      >
        <span aria-hidden="true">💬</span>
      </button>
      {open && (
        <span className="chip-comment-popover" role="note" data-testid="signoff-comment">
          “{comment}”
        </span>
      )}
    </span>
  );
}
