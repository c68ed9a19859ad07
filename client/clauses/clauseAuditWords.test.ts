import { describe, expect, it } from 'vitest';
import { clauseAuditWords } from './clauseAuditWords';

describe('clauseAuditWords', () => {
  it('names the clause and the section of an insertion', () => {
    expect(clauseAuditWords({ kind: 'clause_inserted', sectionTitle: 'Crisis response', after: { clause: { id: 'crisis-hold', title: 'Hold posts in a crisis', version: 2 } } })).toBe(
      'inserted the library clause “Hold posts in a crisis” into “Crisis response”',
    );
  });

  it('names the version taken', () => {
    expect(clauseAuditWords({ kind: 'clause_updated', sectionTitle: 'Passwords', after: { clause: { id: 'lockdown', title: 'Lock down every account', version: 3, previousVersion: 2 } } })).toBe(
      'took version 3 of the library clause “Lock down every account” in “Passwords”',
    );
  });

  it('still says something for an entry without clause details', () => {
    expect(clauseAuditWords({ kind: 'clause_updated', sectionTitle: '', after: null })).toBe('took a newer version of a library clause in “Untitled section”');
    expect(clauseAuditWords({ kind: 'clause_inserted', sectionTitle: 'Tone', after: { clause: { id: 'tone', version: 1 } } })).toBe('inserted the library clause “tone” into “Tone”');
  });
});
