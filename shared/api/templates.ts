import { z } from 'zod';
import { documentNodeSchema } from './documentContent';

const templateSectionSchema = z.strictObject({ title: z.string(), owner: z.string(), approvers: z.array(z.string()) });

/** A stretch of template text around a search match; `match` marks the words searched for. */
const snippetPartSchema = z.strictObject({ text: z.string(), match: z.boolean() });

export const templateMatchSchema = z.strictObject({
  section: z.string().nullable().describe('The title of the section that matched; null when the template’s title, sector or summary did.'),
  snippet: z.array(snippetPartSchema).describe('The matched text in pieces, in order; pieces with `match: true` are the words searched for.'),
});
export type TemplateMatch = z.infer<typeof templateMatchSchema>;

export const templateListQuerySchema = z.object({
  q: z.string().max(200, { error: 'a search can be at most 200 characters long' }).optional().describe('Words to find in the templates’ titles, summaries and full text; each must start a word somewhere in the template.'),
});

export const templateSummarySchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  sector: z.string(),
  summary: z.string(),
  sections: z.array(templateSectionSchema),
  matches: z.array(templateMatchSchema).optional().describe('With a search: up to three places the words were found, with a snippet each.'),
});
export type TemplateSummary = z.infer<typeof templateSummarySchema>;

export const templateDetailSchema = templateSummarySchema.extend({
  sections: z.array(templateSectionSchema.extend({ content: z.array(documentNodeSchema), text: z.string() })),
});
export type TemplateDetail = z.infer<typeof templateDetailSchema>;
