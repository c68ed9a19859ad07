import { z } from 'zod/mini';

/** The most characters one placeholder value may have. */
export const MAX_PLACEHOLDER_VALUE_LENGTH = 200;

/**
 * One value for a placeholder: trimmed, at most 200 characters, and never itself a placeholder
 * (a value holding `{{` would be counted as unfilled again). An empty value clears a stored one.
 */
export const placeholderValueSchema = z.string().check(
  z.trim(),
  z.maxLength(MAX_PLACEHOLDER_VALUE_LENGTH, `at most ${MAX_PLACEHOLDER_VALUE_LENGTH} characters`),
  z.refine((value) => !value.includes('{{') && !value.includes('}}'), 'a value cannot contain {{ or }}'),
);

/** Values by placeholder name; the names must be ones shared/placeholders.ts knows (checked by the server, 400 naming the field). */
export const placeholderValuesSchema = z.record(z.string().check(z.maxLength(64)), placeholderValueSchema);
export type PlaceholderValues = z.infer<typeof placeholderValuesSchema>;

export const placeholderStateSchema = z.strictObject({
  name: z.string().check(z.describe('Written `{{name}}` in the text.')),
  label: z.string(),
  hint: z.string(),
  example: z.string(),
  value: z.nullable(z.string()).check(z.describe('The value the team stored; null while nobody has given one.')),
  unfilled: z.number().check(z.describe('How many times `{{name}}` still stands in the document.')),
});
export type PlaceholderState = z.infer<typeof placeholderStateSchema>;

export const sectionPlaceholdersSchema = z.strictObject({
  sectionId: z.string(),
  title: z.string(),
  unfilled: z.number().check(z.describe('Placeholders still unfilled in this section (every occurrence counts).')),
  names: z.array(z.string()),
});
export type SectionPlaceholders = z.infer<typeof sectionPlaceholdersSchema>;

export const policyPlaceholdersSchema = z.strictObject({
  placeholders: z.array(placeholderStateSchema).check(z.describe('Every placeholder the text uses or the team stored a value for, in order of first use.')),
  unfilled: z.number().check(z.describe('Unfilled placeholders in the whole document.')),
  sections: z.array(sectionPlaceholdersSchema).check(z.describe('The sections that still have unfilled placeholders, in document order.')),
});
export type PolicyPlaceholders = z.infer<typeof policyPlaceholdersSchema>;

export const fillPlaceholdersBodySchema = z.object({
  values: placeholderValuesSchema.check(z.describe('The values to store and fill in. An empty value clears the stored one and changes no text.')),
  keepSigned: z.optional(z.boolean()).check(z.describe('Leave sections that carry a valid sign-off as they are, so the sign-offs stay valid. By default every section is filled in, and a signed section must be signed again.')),
});
export type FillPlaceholdersBody = z.infer<typeof fillPlaceholdersBodySchema>;

export const changedSectionSchema = z.strictObject({
  sectionId: z.string(),
  title: z.string(),
  replaced: z.number().check(z.describe('How many placeholders were filled in this section.')),
  staleSignoffs: z.array(z.string()).check(z.describe('Departments whose sign-off on this section no longer matches its text and must sign again.')),
});
export type ChangedSection = z.infer<typeof changedSectionSchema>;

export const filledPlaceholdersSchema = z.extend(policyPlaceholdersSchema, {
  changed: z.array(changedSectionSchema).check(z.describe('The sections whose text changed.')),
  skipped: z.array(z.strictObject({ sectionId: z.string(), title: z.string() })).check(z.describe('Signed sections that still hold placeholders being filled, left as they are because `keepSigned` was set.')),
});
export type FilledPlaceholders = z.infer<typeof filledPlaceholdersSchema>;
