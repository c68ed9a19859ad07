import { describe, expect, it } from 'vitest';
import type { SectionInfo } from '../../shared/sections';
import { countPlaceholders, placeholderCounts } from './placeholderCounts';

function section(id: string, text: string): SectionInfo {
  return { id, title: id, owner: 'legal', approvers: [], text, content: [], hash: id };
}

describe('placeholder counts', () => {
  it('counts every occurrence of a known placeholder, and nothing else in braces', () => {
    expect(countPlaceholders('Call {{crisis_contact}}, then {{ crisis_contact }} again. {{nobody}} {{ai_tools}}')).toBe(3);
    expect(countPlaceholders('No braces here')).toBe(0);
  });

  it('totals the sections and lists only those with something to fill in', () => {
    const counts = placeholderCounts([section('a', 'Ask {{security_contact}}.'), section('b', 'Done.'), section('c', '{{response_time}} and {{approval_window}}')]);
    expect(counts.total).toBe(3);
    expect([...counts.bySection]).toEqual([
      ['a', 1],
      ['c', 2],
    ]);
  });
});
