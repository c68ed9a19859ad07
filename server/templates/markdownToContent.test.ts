import { describe, expect, it } from 'vitest';
import { policySchema } from '../../shared/schema/extensions';
import { readSections } from '../../shared/sections';
import { parseTemplate, templateDocument } from './templateLoader';
import { MarkdownError, markdownToSections } from './markdownToContent';

const approvalMatrix = [
  '## Who approves what {owner=communications approvers=legal}',
  '',
  'Before you post, check who must say yes.',
  '',
  '| Kind of post | Approves | Time to answer |',
  '| --- | :---: | ---: |',
  '| Product news | **Communications** | 1 day |',
  '| Legal claims | [Legal](https://example.org/legal) | |',
  '',
  'Ask early.',
].join('\n');

describe('pipe tables in templates', () => {
  it('become a table of header and body cells, each one paragraph with its marks', () => {
    const { sections } = markdownToSections(approvalMatrix, 0);
    const content = sections[0]!.content;
    expect(content.map((node) => node.type)).toEqual(['paragraph', 'table', 'paragraph']);
    const table = content[1]!;
    expect(table.content!.map((row) => row.content!.map((cell) => cell.type))).toEqual([
      ['tableHeader', 'tableHeader', 'tableHeader'],
      ['tableCell', 'tableCell', 'tableCell'],
      ['tableCell', 'tableCell', 'tableCell'],
    ]);
    expect(table.content![1]!.content![1]).toEqual({ type: 'tableCell', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Communications', marks: [{ type: 'bold' }] }] }] });
    expect(table.content![2]!.content![1]!.content![0]!.content![0]!.marks).toEqual([{ type: 'link', attrs: { href: 'https://example.org/legal' } }]);
    // An empty cell still holds a paragraph, as the schema requires.
    expect(table.content![2]!.content![2]).toEqual({ type: 'tableCell', content: [{ type: 'paragraph' }] });
  });

  it('build a valid policy document whose section text reads cell by cell', () => {
    const template = parseTemplate(['---', 'id: matrix', 'title: Policy', 'sector: Test', 'summary: A test.', '---', '', approvalMatrix].join('\n'), 'matrix.md');
    const document = templateDocument(template, { title: 'Policy', organization: 'Acme' });
    expect(() => policySchema().nodeFromJSON(document).check()).not.toThrow();
    const section = readSections(document)[0]!;
    expect(section.text).toContain('Kind of post\nApproves\nTime to answer\nProduct news\nCommunications\n1 day');
  });

  it('refuses a table outside a section and links that are not web or mail links inside a cell', () => {
    expect(() => markdownToSections('| a | b |\n| - | - |\n| 1 | 2 |', 0)).toThrow(MarkdownError);
    expect(() => markdownToSections('## S\n\n| a |\n| - |\n| [x](ftp://example.org/file) |', 0)).toThrow(/links must start with/);
  });
});
