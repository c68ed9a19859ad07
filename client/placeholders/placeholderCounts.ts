import { useMemo, useSyncExternalStore } from 'react';
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

/** The live counts, as the editor's document reads now (people typing, the server filling in). */
export function usePlaceholderCounts(store: PolicySections): PlaceholderCounts {
  const sections = useSyncExternalStore(store.subscribe, () => store.sections);
  return useMemo(() => placeholderCounts(sections), [sections]);
}
