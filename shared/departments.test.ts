import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DEPARTMENTS,
  DEPARTMENT_ID_PATTERN,
  activeDepartments,
  departmentById,
  departmentIdFromName,
  departmentName,
  isWellFormedDepartmentId,
} from './departments';

describe('departmentIdFromName', () => {
  it('makes a lowercase slug from a name', () => {
    expect(departmentIdFromName('Product')).toBe('product');
    expect(departmentIdFromName('Communications & PR')).toBe('communications-pr');
    expect(departmentIdFromName('  Investor   Relations ')).toBe('investor-relations');
    expect(departmentIdFromName('Académie / Affaires')).toBe('academie-affaires');
  });

  it('starts the id with a letter, pads one-letter names and cuts long ones at 40 characters', () => {
    expect(departmentIdFromName('3D Printing')).toBe('dept-3d-printing');
    expect(departmentIdFromName('Q')).toBe('q-dept');
    const long = departmentIdFromName('Department of Very Long Names and Even Longer Titles');
    expect(long.length).toBeLessThanOrEqual(40);
    expect(long.endsWith('-')).toBe(false);
    expect(DEPARTMENT_ID_PATTERN.test(long)).toBe(true);
  });

  it('gives nothing when no letter or digit is left', () => {
    expect(departmentIdFromName('&&& !!')).toBe('');
    expect(departmentIdFromName('市場')).toBe('');
  });

  it('always gives a well-formed id when it gives one', () => {
    for (const name of ['Sales', 'IT & Security', 'R&D', '9', 'Fundraising 2026', 'Ω Team']) {
      const id = departmentIdFromName(name);
      if (id) expect(isWellFormedDepartmentId(id), `${name} → ${id}`).toBe(true);
    }
  });
});

describe('department look-ups', () => {
  it('names a department from the list, and an unknown one by its id', () => {
    expect(departmentName('hr', DEFAULT_DEPARTMENTS)).toBe('HR');
    expect(departmentName('clinical', DEFAULT_DEPARTMENTS)).toBe('clinical');
    expect(departmentById('legal', DEFAULT_DEPARTMENTS)?.color).toBe('#D55E00');
    expect(departmentById('legal', [])).toBeUndefined();
  });

  it('starts with the eight seeded departments, none archived', () => {
    expect(DEFAULT_DEPARTMENTS.map((department) => department.id)).toEqual([
      'marketing', 'communications', 'customer-service', 'hr', 'it', 'legal', 'compliance', 'sales',
    ]);
    expect(activeDepartments([...DEFAULT_DEPARTMENTS, { id: 'old', name: 'Old', color: '#000000', archived: true }])).toHaveLength(8);
  });

  it('accepts only lowercase slugs as ids', () => {
    expect(isWellFormedDepartmentId('customer-service')).toBe(true);
    expect(isWellFormedDepartmentId('Legal')).toBe(false);
    expect(isWellFormedDepartmentId('a')).toBe(false);
    expect(isWellFormedDepartmentId('-x')).toBe(false);
    expect(isWellFormedDepartmentId(7)).toBe(false);
  });
});
