export {
  INVENTORY_LIMITS,
  INVENTORY_MESSAGES,
  PLATFORM_NAMES,
  PLATFORMS,
  PURPOSE_NAMES,
  PURPOSES,
  TOOL_CATEGORIES,
  TOOL_CATEGORY_NAMES,
  validateInventoryEntry,
} from './inventoryEntry';
export type {
  InventoryEntry,
  InventoryEntryInput,
  InventoryEntryValidation,
  InventoryFieldError,
  InventoryTool,
  Platform,
  Purpose,
  ToolCategory,
} from './inventoryEntry';
export { INVENTORY_CSV_COLUMNS, INVENTORY_CSV_HELP, INVENTORY_CSV_SAMPLE, parseInventoryCsv, toInventoryCsv } from './inventoryCsv';
export type { InventoryCsvColumn, InventoryCsvError } from './inventoryCsv';
export { FINDING_KINDS, FINDING_TITLES, findSynergies } from './synergyFinder';
export type { Finding, FindingKind, SynergyContext } from './synergyFinder';
export { isAccountMentioned, MentionIndex } from './accountMention';
export { INVENTORY_FIELD, inventoryFindings, inventoryLimitNotice, inventoryMap, officialAccountsText, readInventory } from './inventoryDocument';
