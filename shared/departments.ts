/**
 * Departments are organization data: the server keeps them in SQLite (GET /api/departments)
 * and admins add, rename, recolour and archive them. This module holds only what both sides
 * agree on: the shape, the id format, the list a new install starts with, and look-ups that
 * take the organization's list as an argument.
 */

/** A department of the organization that can own or approve policy sections. */
export interface Department {
  readonly id: DepartmentId;
  readonly name: string;
  /** Badge colour, `#RRGGBB`. */
  readonly color: string;
  /** An archived department keeps its history but can no longer be given sections or people. */
  readonly archived: boolean;
}

/** A department id: a lowercase slug such as `customer-service`. Any id may turn up in old data. */
export type DepartmentId = string;

/** Lowercase slug of 2 to 40 characters, starting with a letter. */
export const DEPARTMENT_ID_PATTERN = /^[a-z][a-z0-9-]{1,39}$/;

/** Badge colours are written `#RRGGBB`. */
export const DEPARTMENT_COLOR_PATTERN = /^#[0-9A-Fa-f]{6}$/;

/**
 * The departments a new install starts with (the same rows migration 5 seeds). The colours are
 * the Okabe–Ito palette plus a dark grey and a dark ochre, chosen to stay distinguishable with
 * colour-blindness.
 */
export const DEFAULT_DEPARTMENTS: readonly Department[] = [
  { id: 'marketing', name: 'Marketing', color: '#E69F00', archived: false },
  { id: 'communications', name: 'Communications & PR', color: '#0072B2', archived: false },
  { id: 'customer-service', name: 'Customer Service', color: '#009E73', archived: false },
  { id: 'hr', name: 'HR', color: '#CC79A7', archived: false },
  { id: 'it', name: 'IT & Security', color: '#56B4E9', archived: false },
  { id: 'legal', name: 'Legal', color: '#D55E00', archived: false },
  { id: 'compliance', name: 'Compliance', color: '#4D4D4D', archived: false },
  { id: 'sales', name: 'Sales', color: '#7A5C00', archived: false },
];

/** Whether a value is shaped like a department id (it may still not exist). */
export function isWellFormedDepartmentId(value: unknown): value is DepartmentId {
  return typeof value === 'string' && DEPARTMENT_ID_PATTERN.test(value);
}

/** The department with this id in the list, or undefined for an unknown id. */
export function departmentById(id: string, departments: readonly Department[]): Department | undefined {
  return departments.find((department) => department.id === id);
}

/** Display name of a department id in the list; the id itself when unknown, so old data still renders. */
export function departmentName(id: string, departments: readonly Department[]): string {
  return departmentById(id, departments)?.name ?? id;
}

/** The departments that can be given sections or people: those not archived. */
export function activeDepartments(departments: readonly Department[]): Department[] {
  return departments.filter((department) => !department.archived);
}

/**
 * A department id made from a name: lowercase ASCII letters and digits, other runs of
 * characters become one hyphen ("Communications & PR" → "communications-pr"). Letters with
 * accents lose them ("Économie" → "economie"). Returns '' when nothing usable is left; an id
 * that does not start with a letter gets a "dept-" prefix, and long ids are cut at 40 characters.
 */
export function departmentIdFromName(name: string): string {
  let slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (!slug) return '';
  if (!/^[a-z]/.test(slug)) slug = `dept-${slug}`;
  if (slug.length < 2) slug = `${slug}-dept`;
  return slug.slice(0, 40).replace(/-+$/, '');
}
