import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { DocumentNode } from '../../shared/api/documentContent';
import { policySchema } from '../../shared/schema/extensions';
import { CLAUSE_MARKS, CLAUSE_NODES, ClauseContent } from './ClauseContent';

const schema = policySchema();
/** The document's frame: never part of a clause's text. */
const FRAME = ['doc', 'title', 'policySection'];

function html(content: DocumentNode[]): string {
  return renderToStaticMarkup(createElement(ClauseContent, { content }));
}

function paragraph(...content: DocumentNode[]): DocumentNode {
  return { type: 'paragraph', content };
}

/** What one text with each mark of the schema looks like; a mark added to the schema needs a line here. */
const MARK_EXPECTED: Record<string, { attrs?: Record<string, unknown>; html: string }> = {
  bold: { html: '<strong>word</strong>' },
  italic: { html: '<em>word</em>' },
  underline: { html: '<u>word</u>' },
  strike: { html: '<s>word</s>' },
  code: { html: '<code>word</code>' },
  link: { attrs: { href: 'https://example.org/guide' }, html: '<a href="https://example.org/guide" target="_blank" rel="noopener noreferrer">word</a>' },
  comment: { attrs: { threadId: 't1' }, html: 'word' },
};

/** Each node of the schema in a clause, and what it looks like; a node added to the schema needs a line here. */
const NODE_EXPECTED: Record<string, { content: DocumentNode[]; html: string }> = {
  text: { content: [paragraph({ type: 'text', text: 'Plain' })], html: '<p><span>Plain</span></p>' },
  paragraph: { content: [paragraph({ type: 'text', text: 'One' })], html: '<p><span>One</span></p>' },
  hardBreak: { content: [paragraph({ type: 'text', text: 'a' }, { type: 'hardBreak' }, { type: 'text', text: 'b' })], html: '<p><span>a</span><br/><span>b</span></p>' },
  heading: { content: [{ type: 'heading', attrs: { level: 3 }, content: [{ type: 'text', text: 'Sub' }] }], html: '<h4><span>Sub</span></h4>' },
  bulletList: { content: [{ type: 'bulletList', content: [{ type: 'listItem', content: [paragraph({ type: 'text', text: 'x' })] }] }], html: '<ul><li><p><span>x</span></p></li></ul>' },
  orderedList: {
    content: [{ type: 'orderedList', attrs: { start: 3 }, content: [{ type: 'listItem', content: [paragraph({ type: 'text', text: 'x' })] }] }],
    html: '<ol start="3"><li><p><span>x</span></p></li></ol>',
  },
  listItem: { content: [{ type: 'orderedList', content: [{ type: 'listItem', content: [paragraph({ type: 'text', text: 'y' })] }] }], html: '<ol><li><p><span>y</span></p></li></ol>' },
  blockquote: { content: [{ type: 'blockquote', content: [paragraph({ type: 'text', text: 'q' })] }], html: '<blockquote><p><span>q</span></p></blockquote>' },
  codeBlock: { content: [{ type: 'codeBlock', content: [{ type: 'text', text: 'a < b' }] }], html: '<pre><code>a &lt; b</code></pre>' },
  horizontalRule: { content: [{ type: 'horizontalRule' }], html: '<hr/>' },
  table: {
    content: [
      {
        type: 'table',
        content: [
          { type: 'tableRow', content: [{ type: 'tableHeader', content: [paragraph({ type: 'text', text: 'Who' })] }, { type: 'tableHeader', content: [paragraph({ type: 'text', text: 'When' })] }] },
          { type: 'tableRow', content: [{ type: 'tableCell', attrs: { colspan: 2 }, content: [paragraph({ type: 'text', text: 'Legal' })] }] },
        ],
      },
    ],
    html: '<div class="table-scroll-region"><table><tbody><tr><th><p><span>Who</span></p></th><th><p><span>When</span></p></th></tr><tr><td colspan="2"><p><span>Legal</span></p></td></tr></tbody></table></div>',
  },
  tableRow: { content: [{ type: 'table', content: [{ type: 'tableRow', content: [{ type: 'tableCell', content: [paragraph()] }] }] }], html: '<div class="table-scroll-region"><table><tbody><tr><td><p></p></td></tr></tbody></table></div>' },
  tableHeader: { content: [{ type: 'table', content: [{ type: 'tableRow', content: [{ type: 'tableHeader', content: [paragraph()] }] }] }], html: '<div class="table-scroll-region"><table><tbody><tr><th><p></p></th></tr></tbody></table></div>' },
  tableCell: { content: [{ type: 'table', content: [{ type: 'tableRow', content: [{ type: 'tableCell', content: [paragraph()] }] }] }], html: '<div class="table-scroll-region"><table><tbody><tr><td><p></p></td></tr></tbody></table></div>' },
};

describe('ClauseContent', () => {
  it('has a look for every mark of the editor schema', () => {
    expect(Object.keys(CLAUSE_MARKS).sort()).toEqual(Object.keys(schema.marks).sort());
    for (const name of Object.keys(schema.marks)) {
      const expected = MARK_EXPECTED[name];
      expect(expected, `no expectation for the mark ${name}`).toBeDefined();
      // Valid in the schema, so the example is a mark the clause text can really hold.
      const node = { type: 'text', text: 'word', marks: [{ type: name, ...(expected!.attrs ? { attrs: expected!.attrs } : {}) }] };
      expect(() => schema.nodeFromJSON(paragraph(node)).check()).not.toThrow();
      expect(html([paragraph(node)]), name).toBe(`<p><span>${expected!.html}</span></p>`);
    }
  });

  it('has a look for every node of the editor schema that a clause can hold', () => {
    const nodes = Object.keys(schema.nodes).filter((name) => !FRAME.includes(name));
    expect(Object.keys(CLAUSE_NODES).sort()).toEqual([...nodes].sort());
    for (const name of nodes) {
      const expected = NODE_EXPECTED[name];
      expect(expected, `no expectation for the node ${name}`).toBeDefined();
      for (const block of expected!.content) expect(() => schema.nodeFromJSON(block).check()).not.toThrow();
      expect(html(expected!.content), name).toBe(expected!.html);
    }
  });

  it('nests marks in their order and keeps unsafe links as plain text', () => {
    const marked = paragraph({ type: 'text', text: 'Read', marks: [{ type: 'link', attrs: { href: 'https://example.org' } }, { type: 'bold' }, { type: 'underline' }] });
    expect(html([marked])).toBe('<p><span><a href="https://example.org" target="_blank" rel="noopener noreferrer"><strong><u>Read</u></strong></a></span></p>');
    expect(html([paragraph({ type: 'text', text: 'Bad', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] })])).toBe('<p><span>Bad</span></p>');
    expect(html([{ type: 'mystery' }, paragraph({ type: 'text', text: 'ok' })])).toBe('<p><span>ok</span></p>');
  });
});
