import { z } from 'zod/mini';
import { threadsEventSchema } from './comments';
import { confirmationsSchema } from './policies';
import { policyStatusSchema, sectionStateSchema } from './signoffs';

/** The event names of `GET /api/policies/{id}/events` (server-sent events). */
export const POLICY_EVENTS = {
  /** The policy's sign-off state: sent on connect, on every sign-off change and after edits that change it. */
  status: 'status',
  /** The person's access to the policy ended; the stream closes after it. */
  access: 'access',
  /** Something changed in a comment thread (created, replied, resolved, edited, deleted): fetch the threads again. */
  threads: 'threads',
} as const;
export type PolicyEventName = (typeof POLICY_EVENTS)[keyof typeof POLICY_EVENTS];

export const statusEventSchema = z.strictObject({
  status: policyStatusSchema,
  structureChanged: z.boolean(),
  confirmations: confirmationsSchema,
  title: z.string(),
  fingerprint: z.string(),
  endorsedAt: z.nullable(z.string()).check(z.describe('When the last endorsed version was stored; null when the policy was never endorsed.')),
  sections: z.array(sectionStateSchema),
});
export type StatusEvent = z.infer<typeof statusEventSchema>;

export const accessEventSchema = z.strictObject({ message: z.string() });
export type AccessEvent = z.infer<typeof accessEventSchema>;

/** Each event's payload schema, by name. */
export const POLICY_EVENT_SCHEMAS = {
  [POLICY_EVENTS.status]: statusEventSchema,
  [POLICY_EVENTS.access]: accessEventSchema,
  [POLICY_EVENTS.threads]: threadsEventSchema,
} as const;
