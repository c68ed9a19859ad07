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

export const templatePlaceholderSchema = z.strictObject({
  name: z.string().check(z.describe('Written `{{name}}` in the text.')),
  label: z.string(),
  hint: z.string().check(z.describe('What to enter.')),
  example: z.string(),
});
export type TemplatePlaceholder = z.infer<typeof templatePlaceholderSchema>;

export const templateSummarySchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  sector: z.string(),
  summary: z.string(),
  jurisdiction: z.string().check(z.describe('The law the template assumes, such as "US federal law".')),
  placeholders: z
    .array(templatePlaceholderSchema)
    .check(z.describe('The placeholders the template declares, to fill in once when creating a policy or later. `organization` is implicit and not listed.')),
  sections: z.array(templateSectionSchema),
  matches: z.optional(z.array(templateMatchSchema)).check(z.describe('With a search: up to three places the words were found, with a snippet each.')),
});
export type TemplateSummary = z.infer<typeof templateSummarySchema>;

export const templateDetailSchema = z.extend(templateSummarySchema, {
  sections: z.array(z.extend(templateSectionSchema, { content: z.array(documentNodeSchema), text: z.string() })),
});
export type TemplateDetail = z.infer<typeof templateDetailSchema>;
