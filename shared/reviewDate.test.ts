import { describe, expect, it } from 'vitest';
import { aYearAfter, dayNumber, dayOf, latestReviewDay, localToday, reviewDateProblem, reviewState, reviewWords, utcDayNumber } from './reviewDate';

describe('review dates', () => {
  it('reads only real calendar days', () => {
    expect(dayNumber('2027-12-04')).toBe(Date.UTC(2027, 11, 4) / 86_400_000);
    for (const bad of ['2027-02-29', '2027-13-01', '2027-00-10', '2027-2-3', '04/12/2027', '', '2027-12-04T00:00:00Z']) expect(dayNumber(bad), bad).toBeNull();
    expect(dayNumber('2028-02-29')).not.toBeNull();
    expect(dayOf(dayNumber('2031-07-15')!)).toBe('2031-07-15');
  });

  it('takes today from the reader’s own clock, and a year on keeps the day (29 February becomes 28)', () => {
    expect(localToday(new Date(2026, 11, 4, 23, 59))).toBe('2026-12-04');
    expect(aYearAfter('2026-12-04')).toBe('2027-12-04');
    expect(aYearAfter('2028-02-29')).toBe('2029-02-28');
    const moment = new Date(2026, 5, 30, 12, 0);
    expect(aYearAfter(moment.toISOString())).toBe('2027-06-30');
    expect(aYearAfter('not a day')).toBeNull();
  });

  it('says why a day cannot be the review date', () => {
    expect(reviewDateProblem('2027-12-04', '2026-12-04')).toBeNull();
    expect(reviewDateProblem('2026-12-04', '2026-12-04')).toBeNull();
    expect(reviewDateProblem('2026-12-03', '2026-12-04')).toBe('choose a day that has not passed yet');
    expect(reviewDateProblem('2031-12-04', '2026-12-04')).toBeNull();
    expect(reviewDateProblem('2031-12-06', '2026-12-04')).toBe('choose a day at most 5 years ahead');
    expect(reviewDateProblem('2027-02-30', '2026-12-04')).toBe('give a real calendar day, written YYYY-MM-DD');
    expect(latestReviewDay('2026-12-04')).toBe('2031-12-04');
    expect(reviewDateProblem('2031-12-05', '2026-12-04')).toBe('choose a day at most 5 years ahead');
    expect(latestReviewDay('not a day')).toBeNull();
    expect(dayOf(utcDayNumber(Date.UTC(2026, 11, 4, 23, 59)))).toBe('2026-12-04');
  });

  it('tells later, coming up, due today and overdue apart, in words', () => {
    expect(reviewState(null, '2026-12-04')).toEqual({ kind: 'none' });
    expect(reviewState('2027-12-04', '2026-12-04')).toEqual({ kind: 'later', days: 365 });
    expect(reviewState('2027-01-03', '2026-12-04')).toEqual({ kind: 'soon', days: 30 });
    expect(reviewState('2027-01-04', '2026-12-04').kind).toBe('later');
    expect(reviewState('2026-12-04', '2026-12-04')).toEqual({ kind: 'today', days: 0 });
    expect(reviewState('2026-12-01', '2026-12-04')).toEqual({ kind: 'overdue', days: 3 });

    expect(reviewWords(null, '2026-12-04')).toBe('No review date set');
    expect(reviewWords('2026-12-05', '2026-12-04')).toMatch(/^Review due in 1 day \(.*2026.*\)$/);
    expect(reviewWords('2026-12-20', '2026-12-04')).toMatch(/^Review due in 16 days \(/);
    expect(reviewWords('2026-12-04', '2026-12-04')).toMatch(/^Review due today \(/);
    expect(reviewWords('2026-12-03', '2026-12-04')).toMatch(/^Review overdue by 1 day \(due .*2026\)$/);
    expect(reviewWords('2027-12-04', '2026-12-04')).toMatch(/^Review due .*2027$/);
    // The day is the one written, whatever the reader's time zone.
    expect(reviewWords('2027-12-04', '2026-12-04')).toMatch(/\b4\b/);
  });
});
