import type { PolicyStatus, SectionStatus } from '../../shared/signoffRules';

const LABELS: Record<PolicyStatus | SectionStatus, string> = {
  endorsed: 'Endorsed',
  signed: 'Signed',
  stale: 'Changed since signing',
  pending: 'Waiting for sign-off',
};

/** A policy's or section's status in words, with a shape as well as a colour. */
export function StatusPill({ status }: { status: PolicyStatus | SectionStatus }) {
  const icon = status === 'endorsed' || status === 'signed' ? '✓' : status === 'stale' ? '!' : '○';
  return (
    <span className={`status-pill status-pill-${status}`} data-status={status}>
      <span aria-hidden="true">{icon}</span> {LABELS[status]}
    </span>
  );
}
