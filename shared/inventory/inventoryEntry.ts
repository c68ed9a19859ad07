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
  return `choose one of ${listInWords(names, 'or')}`;
}

function requiredText(maximum: number): z.ZodMiniString {
  const message = `required, at most ${maximum} characters`;
  return z.string({ error: message }).check(z.trim(), z.minLength(1, { error: message }), z.maxLength(maximum, { error: message }));
}

const toolNameMessage = `name: required, at most ${INVENTORY_LIMITS.toolName} characters, no semicolons`;

const toolSchema = z.object(
  {
    name: z.string({ error: toolNameMessage }).check(
      z.trim(),
      z.minLength(1, { error: toolNameMessage }),
      z.maxLength(INVENTORY_LIMITS.toolName, { error: toolNameMessage }),
      // A semicolon separates tools in the CSV format; forbidding it keeps export and import lossless.
      z.refine((name) => !name.includes(';'), { error: toolNameMessage }),
    ),
    category: z.enum(TOOL_CATEGORIES, {
      error: `category: ${chooseOneOf(TOOL_CATEGORIES.map((category) => TOOL_CATEGORY_NAMES[category]))}`,
    }),
  },
  { error: 'must have a name and a category' },
);

const adminCountMessage = `must be a whole number from 0 to ${INVENTORY_LIMITS.adminCount}`;
const idMessage = `if given, must be 1 to ${INVENTORY_LIMITS.id} characters`;

/**
 * The department of an entry: one of `departments` when a list is given, or (for reading stored
 * entries without the organization's list at hand) any well-formed department id.
 */
function departmentSchema(departments: readonly Department[] | null) {
  if (departments === null) {
    const message = 'must be a department id such as "marketing"';
    return z.string({ error: message }).check(z.regex(DEPARTMENT_ID_PATTERN, { error: message }));
  }
  const ids = new Set(departments.map((department) => department.id));
  const message =
    departments.length === 0 ? 'no departments are set up yet; ask an admin to add one' : chooseOneOf(departments.map((department) => department.name));
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
    id: z.optional(z.string({ error: idMessage }).check(z.trim(), z.minLength(1, { error: idMessage }), z.maxLength(INVENTORY_LIMITS.id, { error: idMessage }))),
    department: departmentSchema(departments),
    platform: z.enum(PLATFORMS, { error: chooseOneOf(PLATFORMS.map((platform) => PLATFORM_NAMES[platform])) }),
    account: requiredText(INVENTORY_LIMITS.account),
    purpose: z.enum(PURPOSES, { error: chooseOneOf(PURPOSES.map((purpose) => PURPOSE_NAMES[purpose])) }),
    audience: z._default(
      z
        .string({ error: `must be text, at most ${INVENTORY_LIMITS.audience} characters` })
        .check(z.trim(), z.maxLength(INVENTORY_LIMITS.audience, { error: `must be text, at most ${INVENTORY_LIMITS.audience} characters` })),
      '',
    ),
    tools: z._default(
      z
        .array(toolSchema, { error: `must be a list of at most ${INVENTORY_LIMITS.tools} tools` })
        .check(z.maxLength(INVENTORY_LIMITS.tools, { error: `must be a list of at most ${INVENTORY_LIMITS.tools} tools` })),
      [],
    ),
    responsible: requiredText(INVENTORY_LIMITS.responsible),
    adminCount: z
      .number({ error: adminCountMessage })
      .check(z.int({ error: adminCountMessage }), z.gte(0, { error: adminCountMessage }), z.lte(INVENTORY_LIMITS.adminCount, { error: adminCountMessage })),
    official: z.boolean({ error: 'must be true or false' }),
  },
  { error: 'must be an object with the inventory entry fields' },
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

/** Turns a zod issue path into a field name and a message that starts with it, e.g. "tools: tool 2 name: …". */
function describeIssue(path: readonly PropertyKey[], message: string): InventoryFieldError {
  if (path.length === 0) return { field: 'entry', message: `entry: ${message}` };
  const field = path.map(String).join('.');
  const [top, index] = path;
  if (top === 'tools' && typeof index === 'number') {
    return { field, message: `tools: tool ${index + 1} ${message}` };
  }
  return { field, message: `${String(top)}: ${message}` };
}

/**
 * Checks an inventory entry from any untrusted source and returns it cleaned (strings trimmed,
 * unknown fields stripped, a fresh id when none was given), or every problem at once with
 * plain-English messages that name the field, so a form or CSV import can show them all.
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
