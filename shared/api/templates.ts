import { z } from 'zod/mini';
import { documentNodeSchema } from './documentContent';

const templateSectionSchema = z.strictObject({ title: z.string(), owner: z.string(), approvers: z.array(z.string()) });

/** A stretch of template text around a search match; `match` marks the words searched for. */
const snippetPartSchema = z.strictObject({ text: z.string(), match: z.boolean() });

export const templateMatchSchema = z.strictObject({
  section: z.nullable(z.string()).check(z.describe('The title of the section that matched; null when the template’s title, sector or summary did.')),
  snippet: z.array(snippetPartSchema).check(z.describe('The matched text in pieces, in order; pieces with `match: true` are the words searched for.')),
});
export type TemplateMatch = z.infer<typeof templateMatchSchema>;

export const templateListQuerySchema = z.object({
  q: z
    .optional(z.string().check(z.maxLength(200, { error: 'a search can be at most 200 characters long' })))
    .check(z.describe('Words to find in the templates’ titles, summaries and full text; each must start a word somewhere in the template.')),
});

export const templateSummarySchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  sector: z.string(),
  summary: z.string(),
  sections: z.array(templateSectionSchema),
  matches: z.optional(z.array(templateMatchSchema)).check(z.describe('With a search: up to three places the words were found, with a snippet each.')),
});
export type TemplateSummary = z.infer<typeof templateSummarySchema>;

export const templateDetailSchema = z.extend(templateSummarySchema, {
  sections: z.array(z.extend(templateSectionSchema, { content: z.array(documentNodeSchema), text: z.string() })),
});
export type TemplateDetail = z.infer<typeof templateDetailSchema>;
