import { z } from 'zod/mini';
import { DEPARTMENT_COLOR_PATTERN, DEPARTMENT_ID_PATTERN } from '../departments';
import { withoutControlCharacters } from './plainText';

/** The longest department name (the department service cleans names to this too). */
export const DEPARTMENT_NAME_MAX = 60;

export const departmentSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  color: z.string().check(z.describe('Badge colour, `#RRGGBB`.')),
  archived: z.boolean().check(z.describe('Archived departments keep their history but are given no new sections or people.')),
});
export type DepartmentBody = z.infer<typeof departmentSchema>;

const name = z
  .string('enter a name for the department').check(z.trim(), z.minLength(1, 'enter a name for the department'), z.maxLength(DEPARTMENT_NAME_MAX, `use at most ${DEPARTMENT_NAME_MAX} characters`), withoutControlCharacters());
const color = z.string('write the colour as # and six hex digits, such as #0072B2').check(z.regex(DEPARTMENT_COLOR_PATTERN, 'write the colour as # and six hex digits, such as #0072B2'));

export const createDepartmentBodySchema = z.object({
  name,
  color: z.optional(color),
  id: z
    .optional(
      z
        .string('use 2 to 40 lowercase letters, digits or hyphens, starting with a letter')
        .check(z.regex(DEPARTMENT_ID_PATTERN, 'use 2 to 40 lowercase letters, digits or hyphens, starting with a letter')),
    )
    .check(z.describe('Made from the name when left out.')),
});
export type CreateDepartmentBody = z.infer<typeof createDepartmentBodySchema>;

export const updateDepartmentBodySchema = z
  .object({ name: z.optional(name), color: z.optional(color), archived: z.optional(z.boolean('write true or false')) }).check(z.refine((value) => value.name !== undefined || value.color !== undefined || value.archived !== undefined, 'give a name, a colour or archived to change'));
export type UpdateDepartmentBody = z.infer<typeof updateDepartmentBodySchema>;
