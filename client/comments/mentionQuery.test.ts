import { describe, expect, it } from 'vitest';
import { insertMention, matchMentions, mentionAt, type MentionCandidate } from './mentionQuery';

const candidates: MentionCandidate[] = [
  { kind: 'person', id: 'u1', name: 'Hana Human', detail: 'HR' },
  { kind: 'department', id: 'hr', name: 'HR', detail: 'Department' },
  { kind: 'person', id: 'u2', name: 'Leo Legal', detail: 'Legal' },
  { kind: 'department', id: 'legal', name: 'Legal', detail: 'Department' },
];

describe('mentions in the comment box', () => {
  it('finds the "@" being typed before the caret, not one inside an email address', () => {
    expect(mentionAt('Ask @Ha', 7)).toEqual({ start: 4, query: 'Ha' });
    expect(mentionAt('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionAt('Ask @Hana Hu', 12)).toEqual({ start: 4, query: 'Hana Hu' });
    expect(mentionAt('mail me@example.org', 19)).toBeNull();
    expect(mentionAt('Ask @Hana\nnext', 14)).toBeNull();
    expect(mentionAt('no mention', 10)).toBeNull();
  });

  it('matches names and words of names, case-insensitive, starts first', () => {
    expect(matchMentions(candidates, 'h').map((candidate) => candidate.name)).toEqual(['Hana Human', 'HR']);
    expect(matchMentions(candidates, 'legal').map((candidate) => candidate.id)).toEqual(['legal', 'u2']);
    expect(matchMentions(candidates, 'hum').map((candidate) => candidate.id)).toEqual(['u1']);
    expect(matchMentions(candidates, 'zzz')).toEqual([]);
  });

  it('replaces the typed "@…" with the whole name and a space', () => {
    expect(insertMention('Ask @ha please', 4, 7, 'Hana Human')).toEqual({ text: 'Ask @Hana Human please', caret: 16 });
    expect(insertMention('@le', 0, 3, 'Legal')).toEqual({ text: '@Legal ', caret: 7 });
  });
});
