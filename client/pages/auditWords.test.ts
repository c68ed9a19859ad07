import { describe, expect, it } from 'vitest';
import { endorsementEndedWords } from './auditWords';

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
