import { z } from 'zod/mini';

/** The longest organization name: it is shown in mail subjects and on every new policy's title page. */
export const ORGANIZATION_NAME_MAX = 120;

export const organizationSchema = z.strictObject({
  name: z.nullable(z.string()).check(z.describe('The name an admin set; null until one does (then mail falls back to ACCORD_ORGANIZATION_NAME, or the organization named on the oldest policy).')),
  updatedAt: z.nullable(z.string()).check(z.describe('When the name was last set (ISO time).')),
  updatedBy: z.nullable(z.string()).check(z.describe('Who set it last, by name; null when unknown or removed since.')),
});
export type OrganizationBody = z.infer<typeof organizationSchema>;

export const updateOrganizationBodySchema = z.object({
  name: z
    .string('enter the name of your organization')
    .check(
      z.trim(),
      z.minLength(1, 'enter the name of your organization'),
      z.maxLength(ORGANIZATION_NAME_MAX, `use at most ${ORGANIZATION_NAME_MAX} characters`),
      z.refine((value) => !/[\r\n]/.test(value), 'write the name on one line'),
    ),
});
export type UpdateOrganizationBody = z.infer<typeof updateOrganizationBodySchema>;
