import { z } from 'zod/mini';

export const storageStatusSchema = z.strictObject({
  ok: z.boolean(),
  writable: z.boolean(),
  error: z.optional(z.string()),
  code: z.optional(z.string()),
  lastWriteError: z.nullable(z.strictObject({ at: z.string(), message: z.string(), code: z.optional(z.string()) })),
  lastWriteAt: z.nullable(z.string()),
  checkedAt: z.string(),
});

export const healthSchema = z.strictObject({
  ok: z.boolean(),
  setupNeeded: z.boolean().check(z.describe('No account exists yet: the first sign-up makes an admin.')),
  setupTokenRequired: z.boolean(),
  storage: storageStatusSchema,
});
export type HealthBody = z.infer<typeof healthSchema>;
