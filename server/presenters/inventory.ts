import type { FindingBody, InventoryBody, InventoryEntryBody } from '../../shared/api/inventory';
import type { Finding, InventoryEntry } from '../../shared/inventory';

export function presentInventoryEntry(entry: InventoryEntry): InventoryEntryBody {
  return {
    id: entry.id,
    department: entry.department,
    platform: entry.platform,
    account: entry.account,
    purpose: entry.purpose,
    audience: entry.audience,
    tools: entry.tools.map(({ name, category }) => ({ name, category })),
    responsible: entry.responsible,
    adminCount: entry.adminCount,
    official: entry.official,
  };
}

export function presentFinding(finding: Finding): FindingBody {
  return { kind: finding.kind, message: finding.message, entries: finding.entries, departments: finding.departments };
}

export function presentInventory(entries: InventoryEntry[], invalid: string[], findings: Finding[], notice: string | null): InventoryBody {
  return { entries: entries.map(presentInventoryEntry), invalid, findings: findings.map(presentFinding), ...(notice ? { notice } : {}) };
}
