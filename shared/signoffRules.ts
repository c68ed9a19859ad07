/**
 * The rules of endorsement, shared by server (which enforces them) and client (which shows them).
 * A sign-off is bound to the hash of the section as the server saw it when it was given.
 */

export type SectionStatus = 'signed' | 'stale' | 'pending';
export type PolicyStatus = 'endorsed' | 'stale' | 'pending';

/** A department's current sign-off on a section. */
export interface Signoff {
  department: string;
  userId: string;
  userName: string;
  /** ISO time. */
  at: string;
  /** Section hash the server computed at the moment of signing. */
  hash: string;
  comment: string;
}

/** A sign-off as shown next to the section, with whether it still covers the current text. */
export interface SignoffView extends Signoff {
  valid: boolean;
}

/** A section with where its endorsement stands, as the server reports it. */
export interface SectionState {
  id: string;
  title: string;
  owner: string;
  approvers: string[];
  hash: string;
  status: SectionStatus;
  signoffs: SignoffView[];
}

/** The departments that must sign a section: its owner, then its approvers, each once. */
export function requiredDepartments(section: { owner: string; approvers: readonly string[] }): string[] {
  return [...new Set([section.owner, ...section.approvers])];
}

/** A sign-off is valid while the section still has exactly the content that was signed. */
export function isSignoffValid(signoff: { hash: string }, currentHash: string): boolean {
  return signoff.hash === currentHash;
}

/**
 * `signed` when every required department has a valid sign-off, `stale` when any required
 * sign-off no longer matches the content, `pending` otherwise. Sign-offs of departments that
 * are no longer required are ignored.
 */
export function sectionStatus(
  section: { owner: string; approvers: readonly string[]; hash: string },
  signoffs: readonly { department: string; hash: string }[],
): SectionStatus {
  const required = requiredDepartments(section);
  let allValid = true;
  for (const department of required) {
    const signoff = signoffs.find((candidate) => candidate.department === department);
    if (!signoff) {
      allValid = false;
      continue;
    }
    if (!isSignoffValid(signoff, section.hash)) return 'stale';
  }
  return allValid ? 'signed' : 'pending';
}

/** A policy is endorsed when it has at least one section and every section is signed. */
export function policyStatus(statuses: readonly SectionStatus[]): PolicyStatus {
  if (statuses.length === 0) return 'pending';
  if (statuses.every((status) => status === 'signed')) return 'endorsed';
  return statuses.includes('stale') ? 'stale' : 'pending';
}

/** Sign-offs of the required departments with their validity, in the order the departments are required. */
export function signoffViews(
  section: { owner: string; approvers: readonly string[]; hash: string },
  signoffs: readonly Signoff[],
): SignoffView[] {
  return requiredDepartments(section).flatMap((department) => {
    const signoff = signoffs.find((candidate) => candidate.department === department);
    return signoff ? [{ ...signoff, valid: isSignoffValid(signoff, section.hash) }] : [];
  });
}
