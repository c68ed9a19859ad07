import { z } from 'zod/mini';
import { FINDING_KINDS, PLATFORMS, PURPOSES, TOOL_CATEGORIES } from '../inventory/inventoryLists';

const toolSchema = z.strictObject({ name: z.string(), category: z.enum(TOOL_CATEGORIES) });

export const inventoryEntrySchema = z.strictObject({
  id: z.string(),
  department: z.string(),
  platform: z.enum(PLATFORMS),
  account: z.string().check(z.describe('Account name, @handle or URL.')),
  purpose: z.enum(PURPOSES),
  audience: z.string(),
  tools: z.array(toolSchema),
  responsible: z.string().check(z.describe('The person (or role) answerable for the account.')),
  adminCount: z.number().check(z.int()),
  official: z.boolean().check(z.describe('Whether the organization presents this as one of its official accounts.')),
});
export type InventoryEntryBody = z.infer<typeof inventoryEntrySchema>;

/**
 * The body of a new entry, for the reference. The server checks it with the inventory's own
 * rules (`validateInventoryEntry`), which name every wrong field at once.
 */
export const newInventoryEntryBodySchema = z.object({
  id: z.optional(z.string()).check(z.describe('Made up when left out.')),
  department: z.optional(z.string()).check(z.describe('Defaults to the caller’s department.')),
  platform: z.enum(PLATFORMS),
  account: z.string(),
  purpose: z.enum(PURPOSES),
  audience: z.optional(z.string()),
  tools: z.optional(z.array(z.object({ name: z.string(), category: z.enum(TOOL_CATEGORIES) }))),
  responsible: z.string(),
  adminCount: z.number().check(z.int()),
  official: z.boolean(),
});
export type NewInventoryEntryBody = z.infer<typeof newInventoryEntryBodySchema>;

export const findingSchema = z.strictObject({
  kind: z.enum(FINDING_KINDS),
  message: z.string(),
  entries: z.array(z.string()),
  departments: z.array(z.string()),
});
export type FindingBody = z.infer<typeof findingSchema>;

export const inventorySchema = z.strictObject({
  entries: z.array(inventoryEntrySchema),
  invalid: z.array(z.string()).check(z.describe('Ids of stored entries that no longer pass validation.')),
  findings: z.array(findingSchema),
  notice: z.optional(z.string()).check(z.describe('Present when the inventory holds more entries than a policy can.')),
});
export type InventoryBody = z.infer<typeof inventorySchema>;
