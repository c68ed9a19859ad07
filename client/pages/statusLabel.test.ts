import { describe, expect, it } from 'vitest';
import { listStatusLabel, STRUCTURE_CHANGED_LABEL } from './statusLabel';

describe('the policy list’s status words', () => {
  it('say a fully signed policy that is not endorsed was renamed or reordered, as the policy page does', () => {
    expect(listStatusLabel({ status: 'stale', sectionCount: 18, signedCount: 18 })).toBe(STRUCTURE_CHANGED_LABEL);
  });

  it('leave every other status to its own words', () => {
    expect(listStatusLabel({ status: 'stale', sectionCount: 18, signedCount: 17 })).toBeUndefined();
    expect(listStatusLabel({ status: 'endorsed', sectionCount: 18, signedCount: 18 })).toBeUndefined();
    expect(listStatusLabel({ status: 'pending', sectionCount: 18, signedCount: 3 })).toBeUndefined();
    expect(listStatusLabel({ status: 'stale', sectionCount: 0, signedCount: 0 })).toBeUndefined();
  });
});
