import { z } from 'zod/mini';
import { documentNodeSchema } from './documentContent';

const templateSectionSchema = z.strictObject({ title: z.string(), owner: z.string(), approvers: z.array(z.string()) });

export const templateSummarySchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  sector: z.string(),
  summary: z.string(),
  sections: z.array(templateSectionSchema),
});
export type TemplateSummary = z.infer<typeof templateSummarySchema>;

export const templateDetailSchema = z.extend(templateSummarySchema, {
  sections: z.array(z.extend(templateSectionSchema, { content: z.array(documentNodeSchema), text: z.string() })),
});
export type TemplateDetail = z.infer<typeof templateDetailSchema>;
