import type { JSONContent } from '@tiptap/core';
import type { PolicyDetail } from '../../shared/api/policies';
import { readSections, readTitle, type SectionInfo } from '../../shared/sections';
import type { PolicyState } from './signoffs';

/**
 * How the policy's title and order differ from an endorsed document: the title before and after,
 * the sections out of order (those off the longest run still in endorsed order), and endorsed
 * sections that are gone.
 */
export function structureChangeSince(
  endorsedDocument: JSONContent,
  state: Pick<PolicyState, 'title' | 'live'>,
  /** The endorsed document's sections, when the caller has read them already. */
  endorsedSections: readonly Pick<SectionInfo, 'id' | 'title'>[] = readSections(endorsedDocument),
): NonNullable<PolicyDetail['structureChange']> {
  const beforeTitle = readTitle(endorsedDocument).trim();
  const before = endorsedSections.map((section) => ({ id: section.id, title: section.title }));
  const now = state.live.map((section) => ({ id: section.id, title: section.title }));
  const nowIds = new Set(now.map((section) => section.id));
  const beforeIndex = new Map(before.filter((section) => nowIds.has(section.id)).map((section, index) => [section.id, index]));
  const kept = now.filter((section) => beforeIndex.has(section.id));
  const staying = new Set(longestIncreasingRun(kept.map((section) => beforeIndex.get(section.id)!)).map((index) => kept[index]!.id));
  return {
    title: beforeTitle === state.title ? null : { before: beforeTitle, after: state.title },
    moved: kept.flatMap((section, index) => (staying.has(section.id) ? [] : [{ sectionId: section.id, title: section.title, from: beforeIndex.get(section.id)! + 1, to: index + 1 }])),
    removed: before.filter((section) => !nowIds.has(section.id)).map((section) => section.title),
  };
}

/** Indexes into `values` of a longest strictly increasing subsequence (patience sorting, O(n log n)). */
function longestIncreasingRun(values: readonly number[]): number[] {
  const tails: number[] = [];
  const previous: number[] = new Array<number>(values.length).fill(-1);
  for (let index = 0; index < values.length; index += 1) {
    let low = 0;
    let high = tails.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (values[tails[middle]!]! < values[index]!) low = middle + 1;
      else high = middle;
    }
    if (low > 0) previous[index] = tails[low - 1]!;
    tails[low] = index;
  }
  const run: number[] = [];
  for (let index = tails.at(-1) ?? -1; index !== -1; index = previous[index]!) run.push(index);
  return run.reverse();
}
