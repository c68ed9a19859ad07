import { describe, expect, it } from 'vitest';
import { placeholdersIn, readFrontMatter, readHeadingAttributes, readRequirement, SourceFileError } from './sourceFile';

class SampleError extends SourceFileError {}

function refusal(run: () => unknown): SampleError {
  try {
    run();
  } catch (error) {
    if (error instanceof SampleError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('the shared source-file rules', () => {
  it('reads front matter with the line of each key, and refuses a key given twice', () => {
    const source = '---\n# a comment\nid: one\n\ntitle: One\n---\nbody';
    expect(readFrontMatter(source, 'one.md', ['id', 'title'], 'a sample', SampleError)).toEqual({
      lines: source.split('\n'),
      end: 5,
      meta: { id: { value: 'one', line: 3 }, title: { value: 'One', line: 5 } },
    });
    const twice = refusal(() => readFrontMatter('---\nid: one\nid: two\n---\n', 'one.md', ['id'], 'a sample', SampleError));
    expect(twice.message).toBe('one.md:3: id: given twice in the front matter');
    expect(refusal(() => readFrontMatter('id: one\n', 'one.md', ['id'], 'a sample', SampleError)).message).toBe('one.md:1: a sample starts with front matter between two "---" lines');
  });

  it('splits heading attributes and names an unknown one', () => {
    const options = { noun: 'section', keys: ['owner', 'approvers'] as const, missing: { field: 'owner', problem: 'needs an owner' } };
    expect(readHeadingAttributes('Purpose {owner=legal approvers=hr,it}', 'a.md', 7, options, SampleError)).toEqual({ title: 'Purpose', attributes: { owner: 'legal', approvers: 'hr,it' } });
    expect(refusal(() => readHeadingAttributes('Purpose {owner=legal colour=red}', 'a.md', 7, options, SampleError)).message).toBe('a.md:7: colour: unknown section attribute "colour" (use owner= and approvers=)');
    expect(refusal(() => readHeadingAttributes('Purpose', 'a.md', 7, options, SampleError)).field).toBe('owner');
  });

  it('refuses a repeated approver, the owner as approver and a missing owner', () => {
    const context = { noun: 'clause', title: 'Purpose', file: 'a.md', line: 4 };
    expect(readRequirement({ owner: 'legal', approvers: 'hr,it' }, context, SampleError)).toEqual({ owner: 'legal', approvers: ['hr', 'it'] });
    expect(readRequirement({ owner: 'legal', approvers: '' }, context, SampleError)).toEqual({ owner: 'legal', approvers: [] });
    expect(refusal(() => readRequirement({ owner: 'legal', approvers: 'hr,it,hr' }, context, SampleError)).message).toBe('a.md:4: approvers: hr is listed twice');
    expect(refusal(() => readRequirement({ owner: 'legal', approvers: 'legal' }, context, SampleError)).field).toBe('approvers');
    expect(refusal(() => readRequirement({ approvers: 'hr' }, context, SampleError)).message).toBe('a.md:4: owner: clause "Purpose" has no owner');
  });

  it('finds placeholders with their lines from a given line on', () => {
    expect(placeholdersIn(['{{skipped}}', 'Ask {{ crisis_contact }} or {{organization}}.', 'none'], 1)).toEqual([
      { name: 'crisis_contact', line: 2 },
      { name: 'organization', line: 2 },
    ]);
  });
});
