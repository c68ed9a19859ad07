import { describe, expect, it } from 'vitest';
import type { Thread } from '../../shared/api/comments';
import { OpenThreadCounts, openCounts } from './openThreadCounts';

const author = { id: 'u-legal', name: 'Leo Legal', department: 'legal' };

function thread(id: string, sectionId: string, status: Thread['status'] = 'open'): Thread {
  return { id, policyId: 'p', sectionId, sectionTitle: 'S', quote: 'q', status, anchored: true, createdBy: author, createdAt: '2026-01-01T00:00:00Z', resolvedBy: null, resolvedAt: null, comments: [] };
}

const list = [thread('t1', 's1'), thread('t2', 's1'), thread('t3', 's2'), thread('t4', 's3', 'resolved')];

describe('open thread counts', () => {
  it('counts open threads per section', () => {
    expect([...openCounts(list)]).toEqual([['s1', 2], ['s2', 1]]);
  });

  it('keeps the previous Map when no count changed, even for a new list with new objects', () => {
    const first = openCounts(list);
    expect(openCounts(list, first)).toBe(first);
    // A reload: new thread objects, a reply added, a resolved one resolved again.
    const reloaded = list.map((item) => ({ ...item, comments: [] }));
    expect(openCounts(reloaded, first)).toBe(first);
  });

  it('gives a new Map when one section changed, with only that entry different', () => {
    const first = openCounts(list);
    const next = openCounts([...list, thread('t5', 's2')], first);
    expect(next).not.toBe(first);
    expect(next.get('s2')).toBe(2);
    expect(next.get('s1')).toBe(first.get('s1'));
    expect([...next.keys()].filter((sectionId) => next.get(sectionId) !== first.get(sectionId))).toEqual(['s2']);
    // A section whose last open thread was resolved disappears from the counts.
    const resolved = openCounts([thread('t1', 's1'), thread('t2', 's1'), thread('t3', 's2', 'resolved')], first);
    expect(resolved.has('s2')).toBe(false);
    expect(resolved.get('s1')).toBe(2);
  });

  it('lets each section view see only its own count change', () => {
    const store = new OpenThreadCounts();
    store.replace(openCounts(list, store.all));
    // What useSyncExternalStore does for each view: read its count again when told, and render again only if it differs.
    const renders = new Map<string, number>();
    const shown = new Map<string, number>();
    for (const sectionId of ['s1', 's2', 's3']) {
      shown.set(sectionId, store.get(sectionId));
      renders.set(sectionId, 0);
      store.subscribe(() => {
        const count = store.get(sectionId);
        if (count === shown.get(sectionId)) return;
        shown.set(sectionId, count);
        renders.set(sectionId, renders.get(sectionId)! + 1);
      });
    }
    const all = store.all;
    store.replace(openCounts(list.map((item) => ({ ...item })), store.all));
    store.notify();
    expect(store.all).toBe(all);
    expect([...renders.values()]).toEqual([0, 0, 0]);

    store.replace(openCounts([...list, thread('t6', 's3')], store.all));
    store.notify();
    expect(Object.fromEntries(renders)).toEqual({ s1: 0, s2: 0, s3: 1 });
    expect(store.get('s3')).toBe(1);
  });
});
