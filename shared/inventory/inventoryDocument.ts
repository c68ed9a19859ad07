import type * as Y from 'yjs';
import type { Department } from '../departments';
import { MAX_INVENTORY_ENTRIES } from '../limits';
import type { SectionInfo } from '../sections';
import { validateInventoryEntry, type InventoryEntry } from './inventoryEntry';
import { findSynergies, type Finding } from './synergyFinder';

/**
 * The inventory lives in the policy's Y.Doc beside the text, so it is co-edited live and
 * stored the same way: a map from entry id to the entry's fields. Each entry is replaced
 * whole when edited, so two people editing different entries never clash.
 */
export const INVENTORY_FIELD = 'inventory';

export function inventoryMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(INVENTORY_FIELD);
}

/**
 * The valid entries of the inventory, in a stable order, plus the ids of entries that fail validation.
 * Stored entries are read whatever department they name, as long as the id is well formed: an entry
 * of an archived or since-removed department is history, not an error.
 */
export function readInventory(doc: Y.Doc): { entries: InventoryEntry[]; invalid: string[] } {
  const entries: InventoryEntry[] = [];
  const invalid: string[] = [];
  inventoryMap(doc).forEach((value, id) => {
    const result = validateInventoryEntry({ ...(value as Record<string, unknown>), id }, null);
    if (result.ok) entries.push(result.entry);
    else invalid.push(id);
  });
  entries.sort((a, b) => a.department.localeCompare(b.department) || a.platform.localeCompare(b.platform) || a.account.localeCompare(b.account) || a.id.localeCompare(b.id));
  return { entries, invalid };
}

/**
 * Said beside the findings when the inventory holds more than MAX_INVENTORY_ENTRIES entries
 * (possible through live editing, which cannot refuse them cheaply); null otherwise.
 */
export function inventoryLimitNotice(entryCount: number, limit = MAX_INVENTORY_ENTRIES): string | null {
  if (entryCount <= limit) return null;
  return `This inventory has ${entryCount} entries, more than the ${limit} a policy can hold. The findings look at the first ${limit} only; remove entries you no longer need.`;
}

/** The text of the policy's "Official accounts" section, which official accounts should be listed in. */
export function officialAccountsText(sections: readonly SectionInfo[]): string | null {
  const section = sections.find((candidate) => candidate.title.trim().toLowerCase() === 'official accounts');
  return section ? section.text : null;
}

/**
 * The synergy finder run against a policy's inventory and text. `departments` is the organization's
 * list: it names departments in the findings and decides who is expected to list accounts. Without
 * it, findings name departments by id and nobody is reported as missing. Takes time roughly linear in
 * the entries (at most `limit` of them) and the text of the Official accounts section.
 */
export function inventoryFindings(
  entries: readonly InventoryEntry[],
  sections: readonly SectionInfo[],
  departments: readonly Department[] = [],
  limit = MAX_INVENTORY_ENTRIES,
): Finding[] {
  // Past the limit only the first entries are looked at (see inventoryLimitNotice), so the time stays bounded.
  const considered = entries.length > limit ? entries.slice(0, limit) : entries;
  return findSynergies(considered, { officialAccountsText: officialAccountsText(sections), organization: departments });
}
