import { departmentName, type Department } from '../departments';
import { MentionIndex } from './accountMention';
import type { InventoryEntry } from './inventoryEntry';
import { FINDING_KINDS, PLATFORM_NAMES, TOOL_CATEGORIES, TOOL_CATEGORY_NAMES, type FindingKind, type ToolCategory } from './inventoryLists';
import { listInWords } from './listInWords';

export { FINDING_KINDS, type FindingKind };

/** One thing the synergy finder wants the departments to look at together. */
export interface Finding {
  kind: FindingKind;
  /** Plain words, naming departments by display name. */
  message: string;
  /** Ids of the inventory entries concerned, in inventory order. */
  entries: string[];
  /** Ids of the departments concerned. */
  departments: string[];
}

/** Headings for grouping findings in the interface. */
export const FINDING_TITLES: Record<FindingKind, string> = {
  'shared-tool-category': 'Same kind of tool in several departments',
  'shared-platform': 'Same platform, no shared owner',
  'single-admin': 'Official account with a single admin',
  'official-not-in-policy': 'Official account missing from the policy',
  'missing-department': 'Departments yet to list their accounts',
};

export interface SynergyContext {
  /** Text of the policy's "Official accounts" section, or null when the policy has no such section. */
  officialAccountsText: string | null;
  /** The organization's departments, for their names and order in the texts; an unknown id shows as itself. */
  organization: readonly Department[];
  /** Departments expected to fill in the inventory; every non-archived department of the organization when left out. */
  departments?: readonly string[];
}

const TOOL_CATEGORY_PHRASES: Readonly<Record<ToolCategory, string>> = {
  monitoring: `a ${TOOL_CATEGORY_NAMES.monitoring} tool`,
  publishing: `a ${TOOL_CATEGORY_NAMES.publishing} tool`,
  analytics: `an ${TOOL_CATEGORY_NAMES.analytics} tool`,
  archiving: `an ${TOOL_CATEGORY_NAMES.archiving} tool`,
  inbox: `a ${TOOL_CATEGORY_NAMES.inbox}`,
};

const TOOL_CATEGORY_BENEFITS: Readonly<Record<ToolCategory, string>> = {
  monitoring: 'One shared tool could save money and give one view of what people say about you.',
  publishing: 'One shared tool could save money and give one calendar of everything that goes out.',
  analytics: 'One shared tool could save money and make results comparable across departments.',
  archiving: 'One shared archive could save money and make records easy to find when they are needed.',
  inbox: 'One shared inbox could save money and make sure no message falls between departments.',
};

interface SortableFinding extends Finding {
  sortName: string;
}

/** Case-insensitive, then exact; independent of the runtime's locale so browser and server agree. */
function compareNames(left: string, right: string): number {
  const leftLower = left.toLowerCase();
  const rightLower = right.toLowerCase();
  if (leftLower !== rightLower) return leftLower < rightLower ? -1 : 1;
  if (left !== right) return left < right ? -1 : 1;
  return 0;
}

/** Position of each department in an organization's list, built once per list. */
const departmentRanks = new WeakMap<readonly Department[], Map<string, number>>();

/** Known departments in the organization's order, then any others by name. */
function sortDepartments(departments: Iterable<string>, organization: readonly Department[]): string[] {
  let ranks = departmentRanks.get(organization);
  if (!ranks) {
    ranks = new Map(organization.map((department, index) => [department.id, index]));
    departmentRanks.set(organization, ranks);
  }
  const known = ranks;
  const rank = (id: string) => known.get(id) ?? organization.length;
  return [...new Set(departments)].sort(
    (left, right) =>
      rank(left) - rank(right) || compareNames(departmentName(left, organization), departmentName(right, organization)),
  );
}

function departmentNames(departments: readonly string[], organization: readonly Department[]): string {
  return listInWords(departments.map((id) => departmentName(id, organization)));
}

/** Spacing and case do not make two names different people or different tools. */
function sameNameKey(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

function quoted(text: string): string {
  return `"${text}"`;
}

function describeAccount(entry: InventoryEntry, organization: readonly Department[]): string {
  return `${departmentName(entry.department, organization)}'s official ${PLATFORM_NAMES[entry.platform]} account ${quoted(entry.account)}`;
}

function sharedToolCategoryFindings(entries: readonly InventoryEntry[], organization: readonly Department[]): SortableFinding[] {
  const findings: SortableFinding[] = [];
  for (const category of TOOL_CATEGORIES) {
    const using = entries.filter((entry) => entry.tools.some((tool) => tool.category === category));
    const departments = sortDepartments(using.map((entry) => entry.department), organization);
    if (departments.length < 2) continue;

    // Tool name (by sameNameKey) → first spelling seen and the departments using it.
    const tools = new Map<string, { name: string; departments: Set<string> }>();
    for (const entry of using) {
      for (const tool of entry.tools) {
        if (tool.category !== category) continue;
        const key = sameNameKey(tool.name);
        const known = tools.get(key) ?? { name: tool.name.trim(), departments: new Set<string>() };
        known.departments.add(entry.department);
        tools.set(key, known);
      }
    }
    const toolNames = [...tools.values()].map((tool) => tool.name).sort(compareNames);
    const sameTool = [...tools.values()]
      .filter((tool) => tool.departments.size > 1)
      .sort((left, right) => compareNames(left.name, right.name))
      .map(
        (tool) =>
          ` ${tool.name} is already used by ${departmentNames(sortDepartments(tool.departments, organization), organization)}, so one shared subscription could cover them.`,
      )
      .join('');

    findings.push({
      kind: 'shared-tool-category',
      message:
        `${departmentNames(departments, organization)} each use ${TOOL_CATEGORY_PHRASES[category]} (${toolNames.join(', ')}). ` +
        `${TOOL_CATEGORY_BENEFITS[category]}${sameTool}`,
      entries: using.map((entry) => entry.id),
      departments,
      sortName: TOOL_CATEGORY_NAMES[category],
    });
  }
  return findings;
}

function sharedPlatformFindings(entries: readonly InventoryEntry[], organization: readonly Department[]): SortableFinding[] {
  const byPlatform = new Map<InventoryEntry['platform'], InventoryEntry[]>();
  for (const entry of entries) {
    // "Other" holds unrelated platforms, so two "other" entries are not the same platform.
    if (entry.platform === 'other') continue;
    const list = byPlatform.get(entry.platform);
    if (list) list.push(entry);
    else byPlatform.set(entry.platform, [entry]);
  }
  const findings: SortableFinding[] = [];
  for (const [platform, platformEntries] of byPlatform) {
    const departments = sortDepartments(platformEntries.map((entry) => entry.department), organization);
    if (departments.length < 2) continue;
    const owners = new Set(platformEntries.map((entry) => sameNameKey(entry.responsible)));
    if (owners.size === 1) continue; // one person already looks after all of them
    const platformName = PLATFORM_NAMES[platform];
    findings.push({
      kind: 'shared-platform',
      message:
        `${departmentNames(departments, organization)} each run ${platformName} accounts ` +
        `(${platformEntries.map((entry) => quoted(entry.account)).join(', ')}) without a shared owner. ` +
        `Agree who coordinates ${platformName}, so posting, tone and replies in a crisis stay consistent.`,
      entries: platformEntries.map((entry) => entry.id),
      departments,
      sortName: platformName,
    });
  }
  return findings;
}

function singleAdminFindings(entries: readonly InventoryEntry[], organization: readonly Department[]): SortableFinding[] {
  return entries
    .filter((entry) => entry.official && entry.adminCount <= 1)
    .map((entry) => ({
      kind: 'single-admin',
      message:
        entry.adminCount === 0
          ? `${describeAccount(entry, organization)} has no admin listed. If nobody can log in, nobody can post, answer or recover it. Name at least two admins.`
          : `${describeAccount(entry, organization)} has only one admin. If that person leaves, is away or loses their login, nobody can post, answer or recover it. Add a second admin, ideally from another team.`,
      entries: [entry.id],
      departments: [entry.department],
      sortName: entry.account,
    }));
}

function officialNotInPolicyFindings(
  entries: readonly InventoryEntry[],
  officialAccountsText: string | null,
  organization: readonly Department[],
): SortableFinding[] {
  const official = entries.filter((entry) => entry.official);
  // The text is read once for all accounts together, not once per account.
  const mentioned = officialAccountsText === null ? official.map(() => false) : new MentionIndex(officialAccountsText).mentionsAll(official.map((entry) => entry.account));
  return official
    .filter((_entry, index) => !mentioned[index])
    .map((entry) => ({
      kind: 'official-not-in-policy',
      message:
        officialAccountsText === null
          ? `The policy has no Official accounts section, so ${describeAccount(entry, organization)} is not listed anywhere. Add the section and list it, so staff and the public can tell genuine accounts from fakes.`
          : `${describeAccount(entry, organization)} is not mentioned in the policy's Official accounts section. List it there, so staff and the public can tell genuine accounts from fakes.`,
      entries: [entry.id],
      departments: [entry.department],
      sortName: entry.account,
    }));
}

function missingDepartmentFindings(
  entries: readonly InventoryEntry[],
  expected: readonly string[],
  organization: readonly Department[],
): SortableFinding[] {
  const listed = new Set<string>(entries.map((entry) => entry.department));
  const missing = [...new Set(expected)].filter((department) => !listed.has(department));
  if (missing.length === 0) return [];
  const names = departmentNames(missing, organization);
  return [
    {
      kind: 'missing-department',
      message:
        missing.length === 1
          ? `${names} has not listed its accounts yet.`
          : `${names} have not listed their accounts yet.`,
      entries: [],
      departments: missing,
      sortName: '',
    },
  ];
}

/**
 * Looks across every department's inventory for what no single department can see on its
 * own: tools and platforms several departments pay for or run separately, official accounts
 * that one lost login could lock out, official accounts the policy does not list, and
 * departments that have not filled in their part yet. Pure and deterministic (by kind in
 * {@link FINDING_KINDS} order, then by name), so browser and server show the same list.
 */
export function findSynergies(entries: readonly InventoryEntry[], context: SynergyContext): Finding[] {
  const findings = [
    ...sharedToolCategoryFindings(entries, context.organization),
    ...sharedPlatformFindings(entries, context.organization),
    ...singleAdminFindings(entries, context.organization),
    ...officialNotInPolicyFindings(entries, context.officialAccountsText, context.organization),
    ...missingDepartmentFindings(
      entries,
      context.departments ?? context.organization.filter((department) => !department.archived).map((department) => department.id),
      context.organization,
    ),
  ];
  const kindRank = (kind: FindingKind) => FINDING_KINDS.indexOf(kind);
  return findings
    .map((finding, position) => ({ finding, position }))
    .sort(
      (left, right) =>
        kindRank(left.finding.kind) - kindRank(right.finding.kind) ||
        compareNames(left.finding.sortName, right.finding.sortName) ||
        left.position - right.position,
    )
    .map(({ finding }) => ({
      kind: finding.kind,
      message: finding.message,
      entries: finding.entries,
      departments: finding.departments,
    }));
}
