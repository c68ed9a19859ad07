import { z } from 'zod/mini';
import { DEPARTMENT_ID_PATTERN, type Department, type DepartmentId } from '../departments';
import { randomId } from '../ids';
import { PLATFORM_NAMES, PLATFORMS, PURPOSE_NAMES, PURPOSES, TOOL_CATEGORIES, TOOL_CATEGORY_NAMES, type Platform, type Purpose, type ToolCategory } from './inventoryLists';
import { listInWords } from './listInWords';

export { PLATFORM_NAMES, PLATFORMS, PURPOSE_NAMES, PURPOSES, TOOL_CATEGORIES, TOOL_CATEGORY_NAMES, type Platform, type Purpose, type ToolCategory };

/** Size limits of an inventory entry, shared by validation and the forms that explain them. */
export const INVENTORY_LIMITS = {
  account: 300,
  audience: 300,
  responsible: 200,
  toolName: 100,
  tools: 20,
  adminCount: 1000,
  id: 100,
} as const;

/** A tool a department uses around an account, such as a scheduler or a listening tool. */
export interface InventoryTool {
  name: string;
  category: ToolCategory;
}

/** One account a department runs, with the tools around it and who looks after it. */
export interface InventoryEntry {
  id: string;
  department: DepartmentId;
  platform: Platform;
  /** Account name, @handle or URL, as the department knows it. */
  account: string;
  purpose: Purpose;
  audience: string;
  tools: InventoryTool[];
  /** The person (or role) answerable for the account. */
  responsible: string;
  adminCount: number;
  /** Whether the organization presents this as one of its official accounts. */
  official: boolean;
}

export type InventoryEntryInput = Omit<InventoryEntry, 'id'> & { id?: string };

export interface InventoryFieldError {
  field: string;
  message: string;
}

export type InventoryEntryValidation =
  | { ok: true; entry: InventoryEntry }
  | { ok: false; errors: InventoryFieldError[] };

function chooseOneOf(names: readonly string[]): string {
  return listInWords(names, 'or');
}

/**
 * What a person reads when a field is wrong: a sentence saying what to give, with its limit,
 * never the field's programming name. `field` in the error still names the field for code.
 * Messages about one tool say "this tool", which {@link describeIssue} turns into "tool 2".
 */
export const INVENTORY_MESSAGES = {
  entry: 'Send the entry as an object with the inventory fields (platform, account, purpose, responsible, adminCount, official).',
  id: `If you give the entry an id, keep it between 1 and ${INVENTORY_LIMITS.id} characters.`,
  account: `Give the account’s name or address (up to ${INVENTORY_LIMITS.account} characters).`,
  audience: `Describe the audience in at most ${INVENTORY_LIMITS.audience} characters, or leave it empty.`,
  responsible: `Give the name of the person (or role) who looks after the account (up to ${INVENTORY_LIMITS.responsible} characters).`,
  adminCount: `Give the number of people with admin access as a whole number from 0 to ${INVENTORY_LIMITS.adminCount}.`,
  official: 'Say whether this is an official account of the organization (yes or no).',
  tools: `List at most ${INVENTORY_LIMITS.tools} tools.`,
  tool: 'Give this tool a name and a category.',
  toolName: `Give this tool a name of up to ${INVENTORY_LIMITS.toolName} characters, without semicolons.`,
  toolCategory: `Choose what this tool does: ${chooseOneOf(TOOL_CATEGORIES.map((category) => TOOL_CATEGORY_NAMES[category]))}.`,
  platform: `Choose the platform: ${chooseOneOf(PLATFORMS.map((platform) => PLATFORM_NAMES[platform]))}.`,
  purpose: `Choose what the account is for: ${chooseOneOf(PURPOSES.map((purpose) => PURPOSE_NAMES[purpose]))}.`,
  departmentId: 'Give a department id such as “marketing”.',
  noDepartments: 'No departments are set up yet; ask an admin to add one.',
} as const;

function requiredText(maximum: number, message: string): z.ZodMiniString {
  return z.string({ error: message }).check(z.trim(), z.minLength(1, { error: message }), z.maxLength(maximum, { error: message }));
}

const toolSchema = z.object(
  {
    name: z.string({ error: INVENTORY_MESSAGES.toolName }).check(
      z.trim(),
      z.minLength(1, { error: INVENTORY_MESSAGES.toolName }),
      z.maxLength(INVENTORY_LIMITS.toolName, { error: INVENTORY_MESSAGES.toolName }),
      // A semicolon separates tools in the CSV format; forbidding it keeps export and import lossless.
      z.refine((name) => !name.includes(';'), { error: INVENTORY_MESSAGES.toolName }),
    ),
    category: z.enum(TOOL_CATEGORIES, { error: INVENTORY_MESSAGES.toolCategory }),
  },
  { error: INVENTORY_MESSAGES.tool },
);

/**
 * The department of an entry: one of `departments` when a list is given, or (for reading stored
 * entries without the organization's list at hand) any well-formed department id.
 */
function departmentSchema(departments: readonly Department[] | null) {
  if (departments === null) {
    return z.string({ error: INVENTORY_MESSAGES.departmentId }).check(z.regex(DEPARTMENT_ID_PATTERN, { error: INVENTORY_MESSAGES.departmentId }));
  }
  const ids = new Set(departments.map((department) => department.id));
  const message = departments.length === 0 ? INVENTORY_MESSAGES.noDepartments : `Choose the department: ${chooseOneOf(departments.map((department) => department.name))}.`;
  return z.string({ error: message }).check(z.refine((id) => ids.has(id), { error: message }));
}

/**
 * The shape of an entry as it arrives from a form, an API call or a CSV row.
 * Unknown extra fields are stripped (zod's default), so a newer client can send fields an
 * older server does not know without being refused. `audience` and `tools` may be left out
 * (empty); everything else is required.
 */
const inventoryEntrySchema = (departments: readonly Department[] | null) => z.object(
  {
    id: z.optional(z.string({ error: INVENTORY_MESSAGES.id }).check(z.trim(), z.minLength(1, { error: INVENTORY_MESSAGES.id }), z.maxLength(INVENTORY_LIMITS.id, { error: INVENTORY_MESSAGES.id }))),
    department: departmentSchema(departments),
    platform: z.enum(PLATFORMS, { error: INVENTORY_MESSAGES.platform }),
    account: requiredText(INVENTORY_LIMITS.account, INVENTORY_MESSAGES.account),
    purpose: z.enum(PURPOSES, { error: INVENTORY_MESSAGES.purpose }),
    audience: z._default(
      z.string({ error: INVENTORY_MESSAGES.audience }).check(z.trim(), z.maxLength(INVENTORY_LIMITS.audience, { error: INVENTORY_MESSAGES.audience })),
      '',
    ),
    tools: z._default(
      z.array(toolSchema, { error: INVENTORY_MESSAGES.tools }).check(z.maxLength(INVENTORY_LIMITS.tools, { error: INVENTORY_MESSAGES.tools })),
      [],
    ),
    responsible: requiredText(INVENTORY_LIMITS.responsible, INVENTORY_MESSAGES.responsible),
    adminCount: z
      .number({ error: INVENTORY_MESSAGES.adminCount })
      .check(z.int({ error: INVENTORY_MESSAGES.adminCount }), z.gte(0, { error: INVENTORY_MESSAGES.adminCount }), z.lte(INVENTORY_LIMITS.adminCount, { error: INVENTORY_MESSAGES.adminCount })),
    official: z.boolean({ error: INVENTORY_MESSAGES.official }),
  },
  { error: INVENTORY_MESSAGES.entry },
);

/**
 * Building the schema costs far more than checking one entry with it, and reading an inventory
 * checks hundreds: one schema for stored data, and one per department list.
 */
let anyDepartmentSchema: ReturnType<typeof inventoryEntrySchema> | undefined;
const schemasByDepartments = new WeakMap<readonly Department[], ReturnType<typeof inventoryEntrySchema>>();

function schemaFor(departments: readonly Department[] | null): ReturnType<typeof inventoryEntrySchema> {
  if (departments === null) return (anyDepartmentSchema ??= inventoryEntrySchema(null));
  let schema = schemasByDepartments.get(departments);
  if (!schema) schemasByDepartments.set(departments, (schema = inventoryEntrySchema(departments)));
  return schema;
}

/** Turns a zod issue path into a field name ("tools.1.name") and the message, naming the tool by its number. */
function describeIssue(path: readonly PropertyKey[], message: string): InventoryFieldError {
  if (path.length === 0) return { field: 'entry', message };
  const field = path.map(String).join('.');
  const [top, index] = path;
  if (top === 'tools' && typeof index === 'number') return { field, message: message.replace('this tool', `tool ${index + 1}`) };
  return { field, message };
}

/**
 * Checks an inventory entry from any untrusted source and returns it cleaned (strings trimmed,
 * unknown fields stripped, a fresh id when none was given), or every problem at once with
 * plain-English messages (see {@link INVENTORY_MESSAGES}) with the field each is about, so a
 * form or CSV import can show them all.
 * `departments` is the organization's list the entry's department must be one of (pass only the
 * non-archived ones for new entries); `null` accepts any well-formed id, for reading stored data.
 */
export function validateInventoryEntry(input: unknown, departments: readonly Department[] | null): InventoryEntryValidation {
  const result = schemaFor(departments).safeParse(input);
  if (!result.success) {
    const errors: InventoryFieldError[] = [];
    const seen = new Set<string>();
    for (const issue of result.error.issues) {
      const error = describeIssue(issue.path, issue.message);
      const key = `${error.field}\u0000${error.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      errors.push(error);
    }
    return { ok: false, errors };
  }
  const data = result.data;
  return {
    ok: true,
    entry: {
      id: data.id ?? randomId(),
      department: data.department,
      platform: data.platform,
      account: data.account,
      purpose: data.purpose,
      audience: data.audience,
      tools: data.tools.map((tool) => ({ name: tool.name, category: tool.category })),
      responsible: data.responsible,
      adminCount: data.adminCount,
      official: data.official,
    },
  };
}
