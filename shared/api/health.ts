import { z } from 'zod';

export const storageStatusSchema = z.strictObject({
  ok: z.boolean(),
  writable: z.boolean(),
  error: z.string().optional(),
  code: z.string().optional(),
  lastWriteError: z.strictObject({ at: z.string(), message: z.string(), code: z.string().optional() }).nullable(),
  lastWriteAt: z.string().nullable(),
  checkedAt: z.string(),
});

export const healthSchema = z.strictObject({
  ok: z.boolean(),
  setupNeeded: z.boolean().describe('No account exists yet: the first sign-up makes an admin.'),
  setupTokenRequired: z.boolean(),
  storage: storageStatusSchema,
});
export type HealthBody = z.infer<typeof healthSchema>;
