import { STATUS_SYMBOLS, STATUS_WORDS, type PolicyStatus, type SectionStatus } from '../../shared/signoffRules';

/**
 * A policy's or section's status in words, with a shape as well as a colour. `label` replaces
 * the words where the status needs saying more precisely (a renamed policy awaiting confirmation).
 */
export function StatusPill({ status, label }: { status: PolicyStatus | SectionStatus; /** Words other than the status's own; none: the status's words. */ label?: string | undefined }) {
  return (
    <span className={`status-pill status-pill-${status}`} data-status={status}>
      <span aria-hidden="true">{STATUS_SYMBOLS[status]}</span> {label ?? STATUS_WORDS[status]}
    </span>
  );
}
