import { describe, expect, it } from 'vitest';
import { endorsementEndedWords, reviewDateAuditWords, staffLinkAuditWords } from './auditWords';

describe('why an endorsement ended, in words', () => {
  it('names the changed and waiting sections, a new title or order, and the editors when there were several', () => {
    expect(endorsementEndedWords({ changed: ['Official accounts'], waiting: [], structureChanged: false, editors: ['Mia Marketing'] })).toBe('ended the endorsement: “Official accounts” changed since it was signed');
    expect(endorsementEndedWords({ changed: ['Official accounts', 'Security'], waiting: ['Purpose'], structureChanged: true, editors: ['Mia Marketing', 'Leo Legal'] })).toBe(
      'ended the endorsement: “Official accounts”, “Security” changed since they were signed (by Mia Marketing, Leo Legal); “Purpose” waits for a sign-off; the title or the order of sections changed',
    );
  });

  it('still says the endorsement ended when the entry holds nothing it can read', () => {
    expect(endorsementEndedWords(null)).toBe('ended the endorsement');
    expect(endorsementEndedWords({ changed: 'not a list' })).toBe('ended the endorsement');
  });
});

describe('a changed review date, in words', () => {
  it('says the new day and the one before, or that it was removed', () => {
    expect(reviewDateAuditWords({ reviewBy: null }, { reviewBy: '2027-12-04' })).toMatch(/^set the next review for .*2027$/);
    expect(reviewDateAuditWords({ reviewBy: '2027-06-01' }, { reviewBy: '2027-12-04' })).toMatch(/^set the next review for .*2027 \(it was .*2027\)$/);
    expect(reviewDateAuditWords({ reviewBy: '2027-06-01' }, { reviewBy: null })).toMatch(/^removed the review date \(it was .*2027\)$/);
    expect(reviewDateAuditWords('junk', 42)).toBe('removed the review date');
  });
});

describe('a staff link made, in words', () => {
  it('says when it replaced one, and reads anything else as a first link', () => {
    expect(staffLinkAuditWords({ replaced: false })).toBe('made a staff link');
    expect(staffLinkAuditWords({ replaced: true })).toBe('made a new staff link (the old one stopped working)');
    expect(staffLinkAuditWords(null)).toBe('made a staff link');
  });
});
