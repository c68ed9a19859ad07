const WHEN = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * A moment as every page shows it ("3 Dec 2026, 14:05" in the reader's own locale): chips,
 * history, comments, notifications and sessions all use this, so one event reads the same
 * everywhere. An unreadable value comes back as given (or empty for a number).
 */
export function formatWhen(at: string | number): string {
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? (typeof at === 'string' ? at : '') : WHEN.format(date);
}
