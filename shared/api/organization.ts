import { z } from 'zod/mini';
import { withoutControlCharacters } from './plainText';

/** The longest organization name: it is shown in mail subjects and on every new policy's title page. */
export const ORGANIZATION_NAME_MAX = 120;

export const organizationSchema = z.strictObject({
  name: z.nullable(z.string()).check(z.describe('The name an admin set; null until one does (then mail falls back to ACCORD_ORGANIZATION_NAME, or the organization named on the oldest policy).')),
  updatedAt: z.nullable(z.string()).check(z.describe('When the name was last set (ISO time).')),
  updatedBy: z.nullable(z.string()).check(z.describe('Who set it last, by name; null when unknown or removed since.')),
});
export type OrganizationBody = z.infer<typeof organizationSchema>;

/** An organization's name as a request gives it: trimmed, one line, not too long (empty only where the caller allows it). */
export const organizationNameInput = z
  .string('write the name of your organization')
  .check(
    z.trim(),
    z.maxLength(ORGANIZATION_NAME_MAX, `use at most ${ORGANIZATION_NAME_MAX} characters`),
    z.refine((value) => !/[\r\n]/.test(value), 'write the name on one line'),
    withoutControlCharacters(),
  );

export const updateOrganizationBodySchema = z.object({
  name: organizationNameInput.check(z.minLength(1, 'enter the name of your organization')),
});
export type UpdateOrganizationBody = z.infer<typeof updateOrganizationBodySchema>;
