import type { JSONContent } from '@tiptap/core';
import { describe, expect, it } from 'vitest';
import { describeChange, describeRequirementChange, diffContent } from './contentDiff';

type Mark = NonNullable<JSONContent['marks']>[number];
const text = (value: string, ...marks: Mark[]): JSONContent => ({ type: 'text', text: value, ...(marks.length ? { marks } : {}) });
const paragraph = (...content: (JSONContent | string)[]): JSONContent => ({ type: 'paragraph', content: content.map((part) => (typeof part === 'string' ? text(part) : part)) });
const bold: Mark = { type: 'bold' };
const italic: Mark = { type: 'italic' };
const underline: Mark = { type: 'underline' };
const link = (href: string): Mark => ({ type: 'link', attrs: { href, target: '_blank' } });
const item = (value: string, ...nested: JSONContent[]): JSONContent => ({ type: 'listItem', content: [paragraph(value), ...nested] });
const bullets = (...items: JSONContent[]): JSONContent => ({ type: 'bulletList', content: items });
const numbers = (...items: JSONContent[]): JSONContent => ({ type: 'orderedList', attrs: { start: 1 }, content: items });
const cell = (value: string): JSONContent => ({ type: 'tableCell', content: [paragraph(value)] });
const header = (value: string): JSONContent => ({ type: 'tableHeader', content: [paragraph(value)] });
const table = (...rows: JSONContent[][]): JSONContent => ({ type: 'table', content: rows.map((cells) => ({ type: 'tableRow', content: cells })) });
const subheading = (value: string): JSONContent => ({ type: 'heading', attrs: { level: 3 }, content: [text(value)] });

const described = (before: JSONContent[], after: JSONContent[]) => diffContent(before, after).map(describeChange);

describe('formatting', () => {
  it('names the word that became bold, and nothing else', () => {
    const before = [paragraph('You must never share passwords.')];
    const after = [paragraph('You must ', text('never', bold), ' share passwords.')];
    expect(diffContent(before, after)).toEqual([{ kind: 'format', mark: 'bold', action: 'added', text: 'never' }]);
    expect(described(before, after)).toEqual(['Bold added to ‘never’']);
  });

  it('names italic and underline removed on several words as one run', () => {
    const before = [paragraph('Ask ', text('your manager first', italic, underline), '.')];
    const after = [paragraph('Ask your manager first.')];
    expect(described(before, after)).toEqual(['Italic removed from ‘your manager first’', 'Underline removed from ‘your manager first’']);
  });

  it('sees formatting on words kept while other words were reworded', () => {
    const before = [paragraph('Staff should post rarely.')];
    const after = [paragraph('Staff ', text('must', bold), ' post ', text('rarely', bold), '.')];
    // ‘must’ is a new word (the word diff shows it); ‘rarely’ was there and became bold.
    expect(described(before, after)).toEqual(['Bold added to ‘rarely’']);
  });

  it('gives an unchanged body no changes, however the text runs were split', () => {
    const before = [paragraph('Be kind ', 'online.')];
    const after = [paragraph('Be kind online.')];
    expect(diffContent(before, after)).toEqual([]);
  });
});

describe('links', () => {
  it('tells a link added, removed and its target changed', () => {
    expect(described([paragraph('Read the guide.')], [paragraph('Read the ', text('guide', link('https://example.org/guide')), '.')])).toEqual([
      'Link to https://example.org/guide added to ‘guide’',
    ]);
    expect(described([paragraph('Read the ', text('guide', link('https://example.org/guide')), '.')], [paragraph('Read the guide.')])).toEqual([
      'Link to https://example.org/guide removed from ‘guide’',
    ]);
    expect(
      described([paragraph('Read the ', text('guide', link('https://example.org/old')), '.')], [paragraph('Read the ', text('guide', link('https://example.org/new')), '.')]),
    ).toEqual(['Link on ‘guide’ changed from https://example.org/old to https://example.org/new']);
  });
});

describe('lists', () => {
  it('tells an item added and removed, not the items that stayed', () => {
    expect(described([bullets(item('Be kind'), item('Be brief'))], [bullets(item('Be kind'), item('Be brief'), item('Be clear'))])).toEqual(['List item added: ‘Be clear’']);
    expect(described([bullets(item('Be kind'), item('Be brief'))], [bullets(item('Be brief'))])).toEqual(['List item removed: ‘Be kind’']);
  });

  it('tells a bulleted list that became numbered', () => {
    expect(described([bullets(item('One'), item('Two'))], [numbers(item('One'), item('Two'))])).toEqual(['List changed from bulleted to numbered']);
  });

  it('tells an item moved to another level', () => {
    expect(described([bullets(item('Accounts'), item('Passwords'))], [bullets(item('Accounts', bullets(item('Passwords'))))])).toEqual(['List item ‘Passwords’ moved in to level 2']);
  });

  it('tells a whole list added or removed', () => {
    expect(described([paragraph('Rules:')], [paragraph('Rules:'), bullets(item('A'), item('B'))])).toEqual(['A bulleted list was added (2 items)']);
    expect(described([paragraph('Rules:'), numbers(item('A'))], [paragraph('Rules:')])).toEqual(['A numbered list was removed (1 item)']);
  });

  it('leaves a reworded item to the word diff', () => {
    expect(described([bullets(item('Be kind'))], [bullets(item('Be very kind'))])).toEqual([]);
  });
});

describe('tables', () => {
  const matrix = () => table([header('Tool'), header('Status')], [cell('ChatGPT'), cell('Not approved')]);

  it('tells a row added and removed', () => {
    const longer = table([header('Tool'), header('Status')], [cell('ChatGPT'), cell('Not approved')], [cell('Copilot'), cell('Approved')]);
    expect(described([matrix()], [longer])).toEqual(['Row added to the table: ‘Copilot | Approved’']);
    expect(described([longer], [matrix()])).toEqual(['Row removed from the table: ‘Copilot | Approved’']);
  });

  it('tells a column added and removed by its header', () => {
    const wider = table([header('Tool'), header('Owner'), header('Status')], [cell('ChatGPT'), cell('IT'), cell('Not approved')]);
    expect(described([matrix()], [wider])).toEqual(['Column ‘Owner’ added to the table']);
    expect(described([wider], [matrix()])).toEqual(['Column ‘Owner’ removed from the table']);
  });

  it('tells which cell changed', () => {
    const changed = table([header('Tool'), header('Status')], [cell('ChatGPT'), cell('Approved')]);
    expect(described([matrix()], [changed])).toEqual(['Table cell in row 2, column 2 changed from ‘Not approved’ to ‘Approved’']);
  });

  it('tells a table added, and bold in a cell', () => {
    expect(described([paragraph('Tools:')], [paragraph('Tools:'), matrix()])).toEqual(['A table was added (2 rows, 2 columns)']);
    const boldCell = table([header('Tool'), header('Status')], [cell('ChatGPT'), { type: 'tableCell', content: [paragraph(text('Not approved', bold))] }]);
    expect(described([matrix()], [boldCell])).toEqual(['Bold added to ‘Not approved’']);
  });
});

describe('sub-headings and other blocks', () => {
  it('tells a sub-heading added, removed and renamed', () => {
    expect(described([paragraph('Text.')], [subheading('Passwords'), paragraph('Text.')])).toEqual(['Sub-heading ‘Passwords’ added']);
    expect(described([subheading('Passwords'), paragraph('Text.')], [paragraph('Text.')])).toEqual(['Sub-heading ‘Passwords’ removed']);
    expect(described([subheading('Passwords'), paragraph('Text.')], [subheading('Logins'), paragraph('Text.')])).toEqual(['Sub-heading changed from ‘Passwords’ to ‘Logins’']);
  });

  it('tells a paragraph that became a sub-heading, though its words stayed', () => {
    expect(described([paragraph('Passwords'), paragraph('Text.')], [subheading('Passwords'), paragraph('Text.')])).toEqual(['Sub-heading ‘Passwords’ added']);
  });

  it('tells a divider and a quote added', () => {
    expect(described([paragraph('A')], [paragraph('A'), { type: 'horizontalRule' }, { type: 'blockquote', content: [paragraph('Q')] }])).toEqual(['Divider line added', 'Quote added']);
  });
});

describe('owner and approvers', () => {
  const name = (id: string) => ({ legal: 'Legal', hr: 'HR', it: 'IT', communications: 'Communications' })[id] ?? id;
  it('tells the owner changed and approvers added and removed, by department name', () => {
    expect(describeRequirementChange({ owner: 'legal', approvers: ['hr'] }, { owner: 'hr', approvers: ['it', 'communications'] }, name)).toEqual([
      'Owner changed from Legal to HR',
      'Approvers added: IT, Communications',
      'Approver removed: HR',
    ]);
    expect(describeRequirementChange({ owner: 'legal', approvers: ['hr'] }, { owner: 'legal', approvers: ['hr'] }, name)).toEqual([]);
  });
});
