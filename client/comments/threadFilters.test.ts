import { describe, expect, it } from 'vitest';
import type { Comment, Thread } from '../../shared/api/comments';
import { threadMatches } from './threadFilters';

const legal = { id: 'u-legal', name: 'Leo Legal', department: 'legal' };
const hr = { id: 'u-hr', name: 'Hana HR', department: 'hr' };

function comment(author: typeof legal, mentions: Comment['mentions'] = []): Comment {
  return { id: `c-${author.id}`, threadId: 't', author, body: 'text', mentions, createdAt: '2026-01-01T00:00:00Z', editedAt: null };
}

function thread(status: Thread['status'], sectionId: string, comments: Comment[]): Thread {
  return { id: 't', policyId: 'p', sectionId, sectionTitle: 'S', quote: 'q', status, anchored: true, createdBy: comments[0]!.author, createdAt: '2026-01-01T00:00:00Z', resolvedBy: null, resolvedAt: null, comments };
}

const departmentsOf = (sectionId: string) => (sectionId === 's-marketing' ? ['marketing', 'legal'] : ['communications']);

describe('threadMatches', () => {
  it('filters by status', () => {
    const open = thread('open', 's-other', [comment(legal)]);
    const resolved = thread('resolved', 's-other', [comment(legal)]);
    expect([threadMatches(open, 'open', hr, departmentsOf), threadMatches(resolved, 'open', hr, departmentsOf)]).toEqual([true, false]);
    expect([threadMatches(open, 'resolved', hr, departmentsOf), threadMatches(resolved, 'resolved', hr, departmentsOf)]).toEqual([false, true]);
    expect(threadMatches(resolved, 'all', hr, departmentsOf)).toBe(true);
  });

  it('finds mentions of the person or of their department', () => {
    expect(threadMatches(thread('open', 's-other', [comment(legal, [{ kind: 'person', id: 'u-hr', name: 'Hana HR' }])]), 'mentions', hr, departmentsOf)).toBe(true);
    expect(threadMatches(thread('open', 's-other', [comment(legal), comment(legal, [{ kind: 'department', id: 'hr', name: 'HR' }])]), 'mentions', hr, departmentsOf)).toBe(true);
    expect(threadMatches(thread('open', 's-other', [comment(legal, [{ kind: 'department', id: 'legal', name: 'Legal' }])]), 'mentions', hr, departmentsOf)).toBe(false);
  });

  it('"my department": sections it owns or approves, or threads its people wrote in', () => {
    expect(threadMatches(thread('open', 's-marketing', [comment(hr)]), 'department', legal, departmentsOf)).toBe(true);
    expect(threadMatches(thread('open', 's-other', [comment(hr), comment(legal)]), 'department', legal, departmentsOf)).toBe(true);
    expect(threadMatches(thread('open', 's-other', [comment(hr)]), 'department', legal, departmentsOf)).toBe(false);
  });
});
