import type { JSONContent } from '@tiptap/core';
import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';

// CommonMark plus GitHub's pipe tables, so templates can hold approval matrices and contact lists.
const markdown = new MarkdownIt('commonmark', { html: false, linkify: false }).enable('table');

export class MarkdownError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

type Mark = NonNullable<JSONContent['marks']>[number];

/** One `##` section of a template body with its blocks, and the line it starts on. */
export interface MarkdownSection {
  heading: string;
  line: number;
  content: JSONContent[];
}

function inlineContent(token: Token, lineOffset: number): JSONContent[] {
  const content: JSONContent[] = [];
  const marks: Mark[] = [];
  const line = (token.map?.[0] ?? 0) + lineOffset + 1;
  for (const child of token.children ?? []) {
    switch (child.type) {
      case 'text':
        // With HTML off, markdown-it keeps tags as text; a template should not carry them at all.
        if (/<\/?[A-Za-z!][^>]*>/.test(child.content)) throw new MarkdownError(line, 'HTML is not supported in templates');
        if (child.content) content.push({ type: 'text', text: child.content, ...(marks.length ? { marks: marks.map((mark) => ({ ...mark })) } : {}) });
        break;
      case 'softbreak':
        content.push({ type: 'text', text: ' ', ...(marks.length ? { marks: marks.map((mark) => ({ ...mark })) } : {}) });
        break;
      case 'hardbreak':
        content.push({ type: 'hardBreak' });
        break;
      case 'code_inline':
        content.push({ type: 'text', text: child.content, marks: [...marks, { type: 'code' }] });
        break;
      case 'strong_open':
        marks.push({ type: 'bold' });
        break;
      case 'em_open':
        marks.push({ type: 'italic' });
        break;
      case 'link_open': {
        const href = child.attrGet('href') ?? '';
        if (!/^(https?:|mailto:)/i.test(href)) throw new MarkdownError(line, `links must start with https://, http:// or mailto: (found "${href}")`);
        marks.push({ type: 'link', attrs: { href } });
        break;
      }
      case 'strong_close':
      case 'em_close':
      case 'link_close':
        marks.pop();
        break;
      case 'image':
        throw new MarkdownError(line, 'images are not supported in templates');
      case 'html_inline':
        throw new MarkdownError(line, 'HTML is not supported in templates');
      default:
        throw new MarkdownError(line, `unsupported Markdown (${child.type})`);
    }
  }
  // Merge neighbouring text runs with the same marks (softbreaks split them).
  const merged: JSONContent[] = [];
  for (const node of content) {
    const previous = merged[merged.length - 1];
    if (previous?.type === 'text' && node.type === 'text' && JSON.stringify(previous.marks) === JSON.stringify(node.marks)) {
      previous.text = (previous.text ?? '') + (node.text ?? '');
    } else merged.push(node);
  }
  return merged;
}

/**
 * Parses a template body (CommonMark: `##` sections, `###` sub-headings, paragraphs, lists,
 * emphasis, links, and GitHub-style pipe tables whose first row is the header) into sections of
 * ProseMirror JSON. Errors carry the line in the file.
 */
export function markdownToSections(source: string, lineOffset: number): { preamble: JSONContent[]; sections: MarkdownSection[] } {
  const tokens = markdown.parse(source, {});
  const preamble: JSONContent[] = [];
  const sections: MarkdownSection[] = [];
  const stack: JSONContent[][] = [preamble];
  const push = (node: JSONContent) => stack[stack.length - 1]!.push(node);
  const open = (node: JSONContent) => {
    node.content = [];
    push(node);
    stack.push(node.content);
  };

  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index]!;
    const line = (token.map?.[0] ?? 0) + lineOffset + 1;
    switch (token.type) {
      case 'heading_open': {
        const inline = tokens[index + 1]!;
        index += 2;
        if (token.tag === 'h2') {
          if (stack.length !== 1) throw new MarkdownError(line, 'a section heading cannot be inside a list or quote');
          const section: MarkdownSection = { heading: inline.content, line, content: [] };
          sections.push(section);
          stack.length = 0;
          stack.push(section.content);
        } else if (token.tag === 'h3') {
          if (sections.length === 0) throw new MarkdownError(line, 'a ### sub-heading must be inside a ## section');
          push({ type: 'heading', attrs: { level: 3 }, content: inlineContent(inline, lineOffset) });
        } else {
          throw new MarkdownError(line, `${token.markup} headings are not used in templates; sections start with ## and sub-headings with ###`);
        }
        break;
      }
      case 'paragraph_open': {
        const inline = tokens[index + 1]!;
        index += 2;
        const content = inlineContent(inline, lineOffset);
        push(content.length ? { type: 'paragraph', content } : { type: 'paragraph' });
        break;
      }
      case 'bullet_list_open':
        open({ type: 'bulletList' });
        break;
      case 'ordered_list_open':
        open({ type: 'orderedList', attrs: { start: Number(token.attrGet('start') ?? 1) } });
        break;
      case 'list_item_open':
        open({ type: 'listItem' });
        break;
      case 'blockquote_open':
        open({ type: 'blockquote' });
        break;
      case 'bullet_list_close':
      case 'ordered_list_close':
      case 'list_item_close':
      case 'blockquote_close':
        stack.pop();
        break;
      case 'hr':
        push({ type: 'horizontalRule' });
        break;
      case 'table_open':
        if (sections.length === 0 || stack.length !== 1) throw new MarkdownError(line, 'a table must be inside a ## section, not in a list or quote');
        open({ type: 'table' });
        break;
      case 'tr_open':
        open({ type: 'tableRow' });
        break;
      case 'th_open':
      case 'td_open': {
        // A pipe-table cell is one line of inline text: one paragraph in the cell.
        const inline = tokens[index + 1]!;
        index += 2;
        const content = inlineContent(inline, lineOffset);
        push({ type: token.type === 'th_open' ? 'tableHeader' : 'tableCell', content: [content.length ? { type: 'paragraph', content } : { type: 'paragraph' }] });
        break;
      }
      case 'table_close':
      case 'tr_close':
        stack.pop();
        break;
      case 'thead_open':
      case 'thead_close':
      case 'tbody_open':
      case 'tbody_close':
        break;
      case 'html_block':
        throw new MarkdownError(line, 'HTML is not supported in templates');
      case 'code_block':
      case 'fence':
        throw new MarkdownError(line, 'code blocks are not used in policy templates (is a line indented by four spaces?)');
      default:
        throw new MarkdownError(line, `unsupported Markdown (${token.type})`);
    }
  }
  return { preamble, sections };
}
