import { z } from 'zod/mini';
import { formatDay } from '../../shared/reviewDate';

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

const reviewSchema = z.object({ reviewBy: z.nullable(z.string()) });

/** A change of the review date, from its audit entry: "set the next review for 4 December 2027 (it was 1 June 2027)". */
export function reviewDateAuditWords(before: unknown, after: unknown): string {
  const read = (value: unknown) => {
    const parsed = reviewSchema.safeParse(value);
    return parsed.success ? parsed.data.reviewBy : null;
  };
  const [was, now] = [read(before), read(after)];
  const earlier = was ? ` (it was ${formatDay(was)})` : '';
  return now ? `set the next review for ${formatDay(now)}${earlier}` : `removed the review date${earlier}`;
}

const staffLinkSchema = z.object({ replaced: z.boolean() });

/** "made a staff link", or for a link that replaced one, that the old one stopped working. */
export function staffLinkAuditWords(after: unknown): string {
  const parsed = staffLinkSchema.safeParse(after);
  return parsed.success && parsed.data.replaced ? 'made a new staff link (the old one stopped working)' : 'made a staff link';
}
