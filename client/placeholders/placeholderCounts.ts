import { useCallback, useSyncExternalStore } from 'react';
import { PLACEHOLDER_IN_TEXT, placeholderDefinition } from '../../shared/placeholders';
import type { SectionInfo } from '../../shared/sections';
import type { PolicySections } from '../editor/policySections';

/** How many `{{name}}` placeholders still stand in the document, in all and by section id. */
export interface PlaceholderCounts {
  total: number;
  bySection: ReadonlyMap<string, number>;
}

/** Counts by section reading: a section the reader did not change is not counted again. */
const counted = new WeakMap<SectionInfo, number>();

/** The known placeholders in a text (every occurrence counts); other `{{…}}` is not one to fill. */
export function countPlaceholders(text: string): number {
  if (!text.includes('{{')) return 0;
  let count = 0;
  for (const match of text.matchAll(PLACEHOLDER_IN_TEXT)) if (placeholderDefinition(match[1]!)) count += 1;
  return count;
}

export function placeholderCounts(sections: readonly SectionInfo[]): PlaceholderCounts {
  const bySection = new Map<string, number>();
  let total = 0;
  for (const section of sections) {
    let count = counted.get(section);
    if (count === undefined) counted.set(section, (count = countPlaceholders(section.text)));
    if (count > 0) bySection.set(section.id, count);
    total += count;
  }
  return { total, bySection };
}

function sameCounts(a: PlaceholderCounts, b: PlaceholderCounts): boolean {
  if (a.total !== b.total || a.bySection.size !== b.bySection.size) return false;
  for (const [id, count] of a.bySection) if (b.bySection.get(id) !== count) return false;
  return true;
}

const latest = new WeakMap<PolicySections, { sections: readonly SectionInfo[]; counts: PlaceholderCounts }>();

/** The counts of a store's sections now; the same object while they are unchanged, so the page re-renders only when a count moves. */
function countsOf(store: PolicySections): PlaceholderCounts {
  const previous = latest.get(store);
  if (previous?.sections === store.sections) return previous.counts;
  const next = placeholderCounts(store.sections);
  const counts = previous && sameCounts(previous.counts, next) ? previous.counts : next;
  latest.set(store, { sections: store.sections, counts });
  return counts;
}

/** The live counts, as the editor's document reads now (people typing, the server filling in). */
export function usePlaceholderCounts(store: PolicySections): PlaceholderCounts {
  return useSyncExternalStore(store.subscribe, useCallback(() => countsOf(store), [store]));
}
