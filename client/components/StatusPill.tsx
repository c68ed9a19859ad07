import type { PolicyStatus, SectionStatus } from '../../shared/signoffRules';

const LABELS: Record<PolicyStatus | SectionStatus, string> = {
  endorsed: 'Endorsed',
  signed: 'Signed',
  stale: 'Changed since signing',
  pending: 'Waiting for sign-off',
};

/**
 * A policy's or section's status in words, with a shape as well as a colour. `label` replaces
 * the words where the status needs saying more precisely (a renamed policy awaiting confirmation).
 */
export function StatusPill({ status, label }: { status: PolicyStatus | SectionStatus; label?: string }) {
  const icon = status === 'endorsed' || status === 'signed' ? '✓' : status === 'stale' ? '!' : '○';
  return (
    <span className={`status-pill status-pill-${status}`} data-status={status}>
      <span aria-hidden="true">{icon}</span> {label ?? LABELS[status]}
    </span>
  );
}
