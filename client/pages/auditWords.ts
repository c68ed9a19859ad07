import { z } from 'zod/mini';

const endedSchema = z.object({ changed: z.optional(z.array(z.string())), waiting: z.optional(z.array(z.string())), structureChanged: z.optional(z.boolean()), editors: z.optional(z.array(z.string())) });

/** Why an endorsement ended, from its audit entry: the sections that changed, those waiting for a new sign-off, a new title or order. */
export function endorsementEndedWords(after: unknown): string {
  const parsed = endedSchema.safeParse(after);
  const { changed = [], waiting = [], structureChanged = false, editors = [] } = parsed.success ? parsed.data : {};
  const quoted = (titles: readonly string[]) => titles.map((title) => `“${title || 'Untitled section'}”`).join(', ');
  const reasons = [
    ...(changed.length > 0 ? [`${quoted(changed)} changed since ${changed.length === 1 ? 'it was' : 'they were'} signed${editors.length > 1 ? ` (by ${editors.join(', ')})` : ''}`] : []),
    ...(waiting.length > 0 ? [`${quoted(waiting)} ${waiting.length === 1 ? 'waits' : 'wait'} for a sign-off`] : []),
    ...(structureChanged ? ['the title or the order of sections changed'] : []),
  ];
  return `ended the endorsement${reasons.length > 0 ? `: ${reasons.join('; ')}` : ''}`;
}
