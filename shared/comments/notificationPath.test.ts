import { describe, expect, it } from 'vitest';
import { notificationPath } from './notificationPath';

describe('where a notification leads', () => {
  it('is the thread for a comment, the section for a stale sign-off and the dashboard for a review', () => {
    expect(notificationPath({ policyId: 'p1', kind: 'mention', threadId: 't_1', sectionId: 's 1' })).toBe('/p/p1#thread-t_1');
    expect(notificationPath({ policyId: 'p1', kind: 'signoff_stale', threadId: '', sectionId: 's 1' })).toBe('/p/p1#s%201');
    expect(notificationPath({ policyId: 'p 1', kind: 'review_due', threadId: '', sectionId: '' })).toBe('/p/p%201/dashboard');
  });
});
