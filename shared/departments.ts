/** A department of the organization that can own or approve policy sections. */
export interface Department {
  readonly id: DepartmentId;
  readonly name: string;
  /** Badge colour. The set is the Okabe–Ito palette plus a dark grey, chosen to stay distinguishable with colour-blindness. */
  readonly color: string;
}

export const DEPARTMENT_IDS = [
  'marketing',
  'communications',
  'customer-service',
  'hr',
  'it',
  'legal',
  'compliance',
] as const;

export type DepartmentId = (typeof DEPARTMENT_IDS)[number];

export const DEPARTMENTS: readonly Department[] = [
  { id: 'marketing', name: 'Marketing', color: '#E69F00' },
  { id: 'communications', name: 'Communications & PR', color: '#0072B2' },
  { id: 'customer-service', name: 'Customer Service', color: '#009E73' },
  { id: 'hr', name: 'HR', color: '#CC79A7' },
  { id: 'it', name: 'IT & Security', color: '#56B4E9' },
  { id: 'legal', name: 'Legal', color: '#D55E00' },
  { id: 'compliance', name: 'Compliance', color: '#4D4D4D' },
];

export function isDepartmentId(value: unknown): value is DepartmentId {
  return typeof value === 'string' && (DEPARTMENT_IDS as readonly string[]).includes(value);
}

/** The department with this id, or undefined for an unknown id. */
export function departmentById(id: string): Department | undefined {
  return DEPARTMENTS.find((department) => department.id === id);
}

/** Display name of a department id; the id itself when unknown, so old data still renders. */
export function departmentName(id: string): string {
  return departmentById(id)?.name ?? id;
}
