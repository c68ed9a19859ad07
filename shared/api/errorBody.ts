import { z } from 'zod/mini';

/**
 * The one error body every failing API call answers with. `error` is a sentence safe to show
 * to a person; a 400 about one input names it in `field` (and starts `error` with it). The
 * other keys appear only with the errors that send them.
 */
export const errorBodySchema = z
  .strictObject({
    error: z.string().check(z.describe('What went wrong, in words a person can act on.')),
    field: z.optional(z.string()).check(z.describe('The request field to blame (a dotted path such as `departmentMap.hr` or `approvers.1`).')),
    missingDepartments: z.optional(z.array(z.string())).check(z.describe('Creating from a template: the template departments the organization does not have (map them with `departmentMap`).')),
    retryAfter: z.optional(z.number().check(z.int())).check(z.describe('429: seconds to wait before trying again (also in the Retry-After header).')),
    retryAfterMs: z.optional(z.number().check(z.int())).check(z.describe('429: milliseconds to wait before trying again.')),
    storage: z.optional(z.string()).check(z.describe("503: SQLite's code for the storage failure (SQLITE_FULL, SQLITE_READONLY, SQLITE_BUSY, …).")),
    currentHash: z.optional(z.string()).check(z.describe('409 on a sign-off: the hash of the section as the server has it now.')),
    currentFingerprint: z.optional(z.string()).check(z.describe('409 on an endorsement: the fingerprint of the policy as the server has it now.')),
    errors: z.optional(z.array(z.strictObject({ field: z.string(), message: z.string() }))).check(z.describe('400 on an inventory entry: every field that is wrong, not only the first.')),
    limit: z.optional(z.number().check(z.int())).check(z.describe('409 on an inventory entry: the most entries a policy can hold.')),
  })
  .check(z.describe('The error body of every failing call.'));

export type ErrorBody = z.infer<typeof errorBodySchema>;

/** Why a status may come from any route, before the route's own handler runs. */
export const COMMON_ERRORS = {
  badJson: 'The body is not valid JSON, or not a JSON object.',
  badParam: 'A path parameter is not valid percent-encoding.',
  unsupportedBody: 'The body is in a charset or content encoding the server does not read.',
  foreignOrigin: 'A state-changing request came from a page of another website (its Origin is not this server).',
  tooLarge: 'The request body is larger than the server accepts (256 kB).',
  wrongHost: 'The Host header names a host this server does not answer for.',
  signIn: 'No valid session: sign in first (cookie, or `Authorization: Bearer <session id>`).',
  storageFull: "The operator's storage limit is reached: nothing new is stored, reading goes on.",
  storageDown: 'The database cannot read or write right now; nothing was changed. Try again in a moment (Retry-After says when).',
  serverError: 'Something unexpected went wrong on the server; nothing was changed.',
} as const;
