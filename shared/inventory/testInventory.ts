import { DEFAULT_DEPARTMENTS } from '../departments';
import type { InventoryEntry } from './inventoryEntry';

/** A valid entry for tests; override only what a test is about. */
export function inventoryEntry(overrides: Partial<InventoryEntry> & Pick<InventoryEntry, 'id'>): InventoryEntry {
  return {
    department: 'marketing',
    platform: 'instagram',
    account: '@acme',
    purpose: 'brand-awareness',
    audience: 'Customers',
    tools: [],
    responsible: 'Ana Ruiz',
    adminCount: 2,
    official: false,
    ...overrides,
  };
}

/** The seven departments Accord shipped with before departments became organization data; the inventory tests were written against them. */
export const TEST_DEPARTMENTS = DEFAULT_DEPARTMENTS.filter((department) => department.id !== 'sales');
