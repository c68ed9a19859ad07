/**
 * The date by which a policy is to be reviewed again. Social media changes fast (platform rules,
 * advertising disclosure guidance, the tools staff use), so an endorsed policy carries the day its
 * next review is due; lists and the dashboard say when that day is near or past.
 *
 * Dates are calendar days (`2027-12-04`), with no time and no time zone: "review by 4 December"
 * means that day wherever the reader is, and "today" is the reader's own date.
 */

/** How many days ahead a review counts as coming up. */
export const REVIEW_SOON_DAYS = 30;
/** The furthest ahead a review may be set, in years. */
export const REVIEW_MAX_YEARS = 5;

/** What a review date must be, when it is not a day at all. */
export const REAL_DAY = 'give a real calendar day, written YYYY-MM-DD';

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a `YYYY-MM-DD` day, or null when it is not a real calendar day (2027-02-30). */
export function dayNumber(day: string): number | null {
  const match = DAY_PATTERN.exec(day);
  if (!match) return null;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const time = Date.UTC(year, month - 1, date);
  const back = new Date(time);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== date) return null;
  return Math.round(time / DAY_MS);
}

/** The day number of a moment (milliseconds since the epoch) on the UTC calendar: the server's "today". */
export function utcDayNumber(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

/** The `YYYY-MM-DD` of a day number. */
export function dayOf(number: number): string {
  return new Date(number * DAY_MS).toISOString().slice(0, 10);
}

/** The reader's own calendar day (local time) as `YYYY-MM-DD`. */
export function localToday(now: Date = new Date()): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The same calendar day a year after the day a moment falls on (29 February goes to 28 February). */
export function aYearAfter(at: string): string | null {
  const day = DAY_PATTERN.test(at) ? at : localDayOf(at);
  if (!day || dayNumber(day) === null) return null;
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const next = `${year + 1}-${String(month).padStart(2, '0')}-${String(date).padStart(2, '0')}`;
  return dayNumber(next) === null ? `${year + 1}-02-28` : next;
}

function localDayOf(at: string): string | null {
  const moment = new Date(at);
  return Number.isNaN(moment.getTime()) ? null : localToday(moment);
}

/** The furthest day a review may be set when it is `today`: REVIEW_MAX_YEARS ahead. Null for a day that is not one. */
export function latestReviewDay(today: string): string | null {
  const from = dayNumber(today);
  return from === null ? null : dayOf(from + Math.round(REVIEW_MAX_YEARS * 365.25));
}

/**
 * Why a review date cannot be set, or null when it can: a real day, not before `today` (the
 * caller's day; the server allows the day before its own, for readers west of it) and at most
 * REVIEW_MAX_YEARS ahead.
 */
export function reviewDateProblem(day: string, today: string): string | null {
  const number = dayNumber(day);
  if (number === null) return REAL_DAY;
  const from = dayNumber(today);
  const latest = latestReviewDay(today);
  if (from === null || latest === null) return null;
  if (number < from) return 'choose a day that has not passed yet';
  if (day > latest) return `choose a day at most ${REVIEW_MAX_YEARS} years ahead`;
  return null;
}

export type ReviewState =
  | { kind: 'none' }
  | { kind: 'later'; days: number }
  | { kind: 'soon'; days: number }
  | { kind: 'today'; days: 0 }
  | { kind: 'overdue'; days: number };

/** Where a review date stands on `today`: none set, later, coming up (within REVIEW_SOON_DAYS), due today, or overdue by `days`. */
export function reviewState(reviewBy: string | null, today: string): ReviewState {
  const due = reviewBy === null ? null : dayNumber(reviewBy);
  const from = dayNumber(today);
  if (due === null || from === null) return { kind: 'none' };
  const days = due - from;
  if (days < 0) return { kind: 'overdue', days: -days };
  if (days === 0) return { kind: 'today', days: 0 };
  return days <= REVIEW_SOON_DAYS ? { kind: 'soon', days } : { kind: 'later', days };
}

const DAY_WORDS = new Intl.DateTimeFormat(undefined, { dateStyle: 'long', timeZone: 'UTC' });

/** A review day as people read it ("4 December 2027" in the reader's locale). */
export function formatDay(day: string): string {
  const number = dayNumber(day);
  return number === null ? day : DAY_WORDS.format(new Date(number * DAY_MS));
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** One line for a review date: "Review due 4 December 2027", "Review due in 12 days (…)", "Review overdue by 3 days (…)". */
export function reviewWords(reviewBy: string | null, today: string): string {
  const state = reviewState(reviewBy, today);
  if (state.kind === 'none' || reviewBy === null) return 'No review date set';
  const day = formatDay(reviewBy);
  switch (state.kind) {
    case 'later':
      return `Review due ${day}`;
    case 'soon':
      return `Review due in ${plural(state.days, 'day')} (${day})`;
    case 'today':
      return `Review due today (${day})`;
    case 'overdue':
      return `Review overdue by ${plural(state.days, 'day')} (due ${day})`;
  }
}
