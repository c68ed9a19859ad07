import type { PolicySummary } from '../../shared/api';

/** The status pill's words for a fully signed policy whose title or order no endorsement covers. */
export const STRUCTURE_CHANGED_LABEL = 'Renamed or reordered: to confirm';

/**
 * The policy list's words for a policy's status, when they differ from the status's own. The list
 * has no `structureChanged`, but needs none: a policy whose every section is validly signed and
 * which is still not endorsed has a title or order that no endorsement covers (signoffs.ts).
 */
export function listStatusLabel(policy: Pick<PolicySummary, 'status' | 'sectionCount' | 'signedCount'>): string | undefined {
  return policy.status === 'stale' && policy.sectionCount > 0 && policy.signedCount === policy.sectionCount ? STRUCTURE_CHANGED_LABEL : undefined;
}
