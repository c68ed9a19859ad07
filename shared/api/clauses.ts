import { z } from 'zod/mini';
import { documentNodeSchema } from './documentContent';

/** The library's topic groups, in the order the clause browser lists them; each is one file in templates/clauses/. */
export const CLAUSE_GROUPS = [
  'governance',
  'accounts',
  'security',
  'employee-rights',
  'endorsements-reviews',
  'engagement',
  'accessibility',
  'privacy',
  'records',
  'crisis',
  'ai',
  'sector',
  'training',
] as const;
export type ClauseGroup = (typeof CLAUSE_GROUPS)[number];

/** How the clause browser names each group. */
export const CLAUSE_GROUP_LABELS: Readonly<Record<ClauseGroup, string>> = {
  governance: 'Governance',
  accounts: 'Accounts',
  security: 'Security',
  'employee-rights': 'Employee rights',
  'endorsements-reviews': 'Endorsements and reviews',
  engagement: 'Engagement',
  accessibility: 'Accessibility',
  privacy: 'Privacy',
  records: 'Records',
  crisis: 'Crisis',
  ai: 'AI',
  sector: 'Sector modules',
  training: 'Training',
};

/** The kinds of organization a clause may name in `sectors:` (or `all`). */
export const CLAUSE_SECTORS = ['corporate', 'financial', 'healthcare', 'government', 'higher-education', 'nonprofit', 'retail', 'small-business'] as const;
export type ClauseSector = (typeof CLAUSE_SECTORS)[number];

export function isClauseGroup(value: string): value is ClauseGroup {
  return (CLAUSE_GROUPS as readonly string[]).includes(value);
}

export function isClauseSector(value: string): value is ClauseSector {
  return (CLAUSE_SECTORS as readonly string[]).includes(value);
}

export const clauseListQuerySchema = z.object({
  q: z.optional(z.string().check(z.maxLength(200, { error: 'a search can be at most 200 characters long' }))).check(z.describe('Words to find in the clauses’ titles, laws and text; each must start a word somewhere in the clause.')),
  group: z.optional(z.enum(CLAUSE_GROUPS)).check(z.describe('Only clauses of this topic group.')),
  sector: z.optional(z.enum(CLAUSE_SECTORS)).check(z.describe('Only clauses that suit this kind of organization (including those for all).')),
  law: z.optional(z.string().check(z.maxLength(200, { error: 'a law filter can be at most 200 characters long' }))).check(z.describe('Only clauses whose laws include these words, such as "HIPAA" or "16 CFR Part 465".')),
  owner: z.optional(z.string().check(z.maxLength(40, { error: 'an owner is a department id' }))).check(z.describe('Only clauses this department owns.')),
});
export type ClauseListQuery = z.infer<typeof clauseListQuerySchema>;

export const clauseSummarySchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  group: z.enum(CLAUSE_GROUPS),
  sectors: z.array(z.string()).check(z.describe('`["all"]`, or the kinds of organization the clause suits.')),
  owner: z.string(),
  approvers: z.array(z.string()),
  laws: z.array(z.string()).check(z.describe('The laws, rules or cases the clause reflects, each with its year; empty when none.')),
  reviewed: z.string().check(z.describe('When the clause was last checked against the law (YYYY-MM-DD).')),
  version: z.number(),
  jurisdiction: z.nullable(z.string()).check(z.describe('Where it applies; null means US federal law.')),
  volatile: z.nullable(z.string()).check(z.describe('What may change soon, when something may.')),
  excerpt: z.string().check(z.describe('The start of the text, plain.')),
});
export type ClauseSummary = z.infer<typeof clauseSummarySchema>;

export const clauseListSchema = z.strictObject({ clauses: z.array(clauseSummarySchema), total: z.number().check(z.describe('Clauses in the library, before filters.')) });
export type ClauseList = z.infer<typeof clauseListSchema>;

export const clauseDetailSchema = z.extend(clauseSummarySchema, {
  content: z.array(documentNodeSchema),
  text: z.string(),
});
export type ClauseDetail = z.infer<typeof clauseDetailSchema>;

export const insertClauseSectionBodySchema = z.strictObject({
  clauseId: z.string().check(z.minLength(1, { error: 'choose a clause' }), z.maxLength(100, { error: 'not a clause id' })),
  after: z.optional(z.nullable(z.string().check(z.maxLength(100, { error: 'not a section id' })))).check(z.describe('The section the new one goes after; the end of the policy when null or left out.')),
});

export const insertClauseIntoSectionBodySchema = z.strictObject({
  clauseId: z.string().check(z.minLength(1, { error: 'choose a clause' }), z.maxLength(100, { error: 'not a clause id' })),
  before: z
    .optional(z.nullable(z.int().check(z.minimum(1, { error: 'the heading stays first' }), z.maximum(10_000, { error: 'too large' }))))
    .check(z.describe('Insert before this block of the section (1 is the first block after its heading); at the end when null or left out.')),
});

export const insertedClauseSchema = z.strictObject({
  sectionId: z.string(),
  clauseId: z.string(),
  version: z.number(),
});
export type InsertedClause = z.infer<typeof insertedClauseSchema>;

export const sectionClauseSchema = z.strictObject({
  sectionId: z.string(),
  clauseId: z.string(),
  title: z.string().check(z.describe('The clause’s title in the library (the clause id when the library no longer has it).')),
  version: z.number().check(z.describe('The version the section holds.')),
  latestVersion: z.nullable(z.number()).check(z.describe('The library’s version; null when the library no longer has the clause.')),
  updateAvailable: z.boolean(),
  insertedAt: z.string(),
  latestText: z.nullable(z.string()).check(z.describe('With an update: the library’s newer text, placeholders filled, to compare with the section.')),
});
export type SectionClause = z.infer<typeof sectionClauseSchema>;

export const policyClausesSchema = z.strictObject({ clauses: z.array(sectionClauseSchema) });
export type PolicyClauses = z.infer<typeof policyClausesSchema>;
