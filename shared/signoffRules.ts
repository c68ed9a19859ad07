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

/** How many of the departments that must sign have a valid sign-off now. */
export function validSignoffCount(required: readonly string[], signoffs: readonly { department: string; valid: boolean }[]): number {
  return required.filter((department) => signoffs.some((signoff) => signoff.department === department && signoff.valid)).length;
}

/** A section still waiting for sign-off that some of its departments have signed already ("partly signed"). */
export function isPartlySigned(status: SectionStatus, required: readonly string[], signoffs: readonly { department: string; valid: boolean }[]): boolean {
  return status === 'pending' && validSignoffCount(required, signoffs) > 0;
}

/** A sign-off is valid while the section still has exactly the content that was signed. */
export function isSignoffValid(signoff: { hash: string }, currentHash: string): boolean {
  return signoff.hash === currentHash;
}

/**
 * Where one department's sign-off on a section stands: `signed` while it covers the section's
 * text, `stale` when it covers an earlier text, `pending` when the department has not signed.
 */
export type DepartmentSignoff<T> = { state: 'pending'; signoff: undefined } | { state: 'signed' | 'stale'; signoff: T };

/** A department's sign-off among a section's sign-offs (views, which know whether they still hold). */
export function departmentSignoff<T extends { department: string; valid: boolean }>(signoffs: readonly T[], department: string): DepartmentSignoff<T> {
  const signoff = signoffs.find((candidate) => candidate.department === department);
  if (!signoff) return { state: 'pending', signoff: undefined };
  return { state: signoff.valid ? 'signed' : 'stale', signoff };
}

/** Whether a department is one of those that must sign a section. */
export function mustSign(section: { owner: string; approvers: readonly string[] }, department: string): boolean {
  return requiredDepartments(section).includes(department);
}

/** Every department that must sign some section of a policy, each once, in the order the sections ask for them. */
export function signingDepartments(sections: readonly { owner: string; approvers: readonly string[] }[]): string[] {
  return [...new Set(sections.flatMap((section) => requiredDepartments(section)))];
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
  const checked = signoffs.map((signoff) => ({ department: signoff.department, valid: isSignoffValid(signoff, section.hash) }));
  const states = requiredDepartments(section).map((department) => departmentSignoff(checked, department).state);
  if (states.includes('stale')) return 'stale';
  return states.every((state) => state === 'signed') ? 'signed' : 'pending';
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

/** A section's sign-off state: its status, the required departments' sign-offs and who must sign. */
export function signoffState(
  section: { owner: string; approvers: readonly string[]; hash: string },
  signoffs: readonly Signoff[],
): { status: SectionStatus; signoffs: SignoffView[]; required: string[] } {
  return { status: sectionStatus(section, signoffs), signoffs: signoffViews(section, signoffs), required: requiredDepartments(section) };
}

/** The symbol shown beside a status, so it reads without colour: a tick, an exclamation mark, an open circle. */
export const STATUS_SYMBOLS: Record<PolicyStatus | SectionStatus, string> = {
  endorsed: '✓',
  signed: '✓',
  stale: '!',
  pending: '○',
};

/** A policy's or section's status in words. */
export const STATUS_WORDS: Record<PolicyStatus | SectionStatus, string> = {
  endorsed: 'Endorsed',
  signed: 'Signed',
  stale: 'Changed since signing',
  pending: 'Waiting for sign-off',
};

/** A department's state on a section in one word, where space is short (a chip, a table cell); a signed one shows the signer instead. */
export const DEPARTMENT_STATE_WORDS: Record<Exclude<SectionStatus, 'signed'>, string> = {
  stale: 'changed',
  pending: 'waiting',
};
