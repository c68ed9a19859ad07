import { describe, expect, it } from 'vitest';
import { findMentions, type MentionCandidate } from './mentions';

const candidates: MentionCandidate[] = [
  { kind: 'person', id: 'u_ana', name: 'Ana' },
  { kind: 'person', id: 'u_analima', name: 'Ana Lima' },
  { kind: 'department', id: 'hr', name: 'HR' },
  { kind: 'department', id: 'customer-service', name: 'Customer service' },
];

describe('findMentions', () => {
  it('matches the longest name first, case-insensitively, each once', () => {
    expect(findMentions('@ana lima and @HR, then @hr again and @Customer Service.', candidates)).toEqual([
      { kind: 'person', id: 'u_analima', name: 'Ana Lima' },
      { kind: 'department', id: 'hr', name: 'HR' },
      { kind: 'department', id: 'customer-service', name: 'Customer service' },
    ]);
  });

  it('needs the name to end where a word ends, and ignores @ inside words', () => {
    expect(findMentions('mail ana@hr.example or @HRM or @Anabel', candidates)).toEqual([]);
    expect(findMentions('@Ana: yes', candidates)).toEqual([{ kind: 'person', id: 'u_ana', name: 'Ana' }]);
  });

  it('names nobody for an unknown name or a lone @', () => {
    expect(findMentions('@ @nobody', candidates)).toEqual([]);
  });
});
