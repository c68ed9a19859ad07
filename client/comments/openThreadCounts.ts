import { useSyncExternalStore } from 'react';
import type { Thread } from '../../shared/api/comments';

/**
 * Open threads per section id. When every count equals `previous`'s, `previous` itself comes
 * back, so a reload of the thread list that changed no count changes nothing downstream.
 */
export function openCounts(threads: readonly Thread[], previous?: ReadonlyMap<string, number>): ReadonlyMap<string, number> {
  const counts = new Map<string, number>();
  for (const thread of threads) if (thread.status === 'open') counts.set(thread.sectionId, (counts.get(thread.sectionId) ?? 0) + 1);
  if (previous && previous.size === counts.size && [...counts].every(([sectionId, count]) => previous.get(sectionId) === count)) return previous;
  return counts;
}

/**
 * The open thread counts of a policy page, as a store section headers and outline rows
 * subscribe to one count of (`useOpenThreadCount`): when the list reloads, only the views whose
 * own count changed render again.
 */
export class OpenThreadCounts {
  private counts: ReadonlyMap<string, number> = new Map();
  private readonly listeners = new Set<() => void>();

  /** Open threads on one section. */
  get(sectionId: string): number {
    return this.counts.get(sectionId) ?? 0;
  }

  /** All counts; the same Map as before while no count changed. */
  get all(): ReadonlyMap<string, number> {
    return this.counts;
  }

  /** Takes counts made by `openCounts` (from `all`, so unchanged counts keep their Map). Subscribers hear of it from `notify`. */
  replace(counts: ReadonlyMap<string, number>): void {
    this.counts = counts;
  }

  /** Tells the subscribers to look again; each renders again only if its own count changed. */
  notify(): void {
    for (const listener of this.listeners) listener();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

const noStore = () => () => undefined;

/** One section's open thread count; 0 on pages without comments. */
export function useOpenThreadCount(store: OpenThreadCounts | undefined, sectionId: string): number {
  return useSyncExternalStore(store?.subscribe ?? noStore, () => store?.get(sectionId) ?? 0);
}
