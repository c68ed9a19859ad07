/**
 * Clipboard HTML from Word and Google Docs, reduced to what a policy document holds: paragraphs,
 * sub-headings, lists, tables, quotes, bold, italic, underline, strikethrough and links. Styles,
 * classes, fonts, colours, comments, Office namespaces (`o:p`), images and empty wrappers go.
 *
 * Word (desktop) writes list items as paragraphs (`style="mso-list:l0 level2 lfo1"`) with the
 * bullet typed out in a span Word itself ignores (`mso-list:Ignore`, inside `<![if
 * !supportLists]>`); those become real nested lists. Google Docs wraps everything in
 * `<b style="font-weight:normal" id="docs-internal-guid-…">`, marks bold with
 * `font-weight:700` spans and nests a list inside its parent list rather than its item.
 *
 * Works on a DOM `Document` (the browser's DOMParser, or any DOM implementation), so it is pure.
 */

const ELEMENT = 1;
const TEXT = 3;

/** Elements dropped with everything inside them. */
const DROPPED = new Set(['head', 'style', 'script', 'meta', 'link', 'title', 'xml', 'img', 'svg', 'picture', 'video', 'audio', 'iframe', 'object', 'embed', 'input', 'button', 'select', 'textarea', 'colgroup', 'col', 'v:shape', 'v:imagedata', 'o:wrapblock']);

/** Elements kept (under the name given), with only the attributes listed. */
const KEPT: Record<string, { as: string; attributes?: readonly string[] }> = {
  p: { as: 'p' },
  h1: { as: 'h3' },
  h2: { as: 'h3' },
  h3: { as: 'h3' },
  h4: { as: 'h3' },
  h5: { as: 'h3' },
  h6: { as: 'h3' },
  ul: { as: 'ul' },
  ol: { as: 'ol', attributes: ['start'] },
  li: { as: 'li' },
  table: { as: 'table' },
  thead: { as: 'thead' },
  tbody: { as: 'tbody' },
  tfoot: { as: 'tbody' },
  tr: { as: 'tr' },
  td: { as: 'td', attributes: ['colspan', 'rowspan'] },
  th: { as: 'th', attributes: ['colspan', 'rowspan'] },
  blockquote: { as: 'blockquote' },
  br: { as: 'br' },
  hr: { as: 'hr' },
  strong: { as: 'strong' },
  b: { as: 'strong' },
  em: { as: 'em' },
  i: { as: 'em' },
  u: { as: 'u' },
  s: { as: 's' },
  strike: { as: 's' },
  del: { as: 's' },
  code: { as: 'code' },
  a: { as: 'a' },
};

/** Elements that mean something even when empty. */
const KEPT_EMPTY = new Set(['br', 'hr', 'td', 'th', 'li', 'tr']);

const BLOCKS = new Set(['p', 'h3', 'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tr', 'td', 'th', 'blockquote', 'hr']);

function styleOf(element: Element): string {
  return (element.getAttribute('style') ?? '').toLowerCase();
}

function styleValue(style: string, property: string): string | null {
  const match = new RegExp(`(?:^|;)\\s*${property}\\s*:\\s*([^;]+)`).exec(style);
  return match ? match[1]!.trim() : null;
}

/** Formatting a `style` attribute asks for (Google Docs spans; Word's inline styles). */
function styleMarks(style: string, insideLink: boolean): string[] {
  const marks: string[] = [];
  const weight = styleValue(style, 'font-weight');
  if (weight && /^(bold|bolder|[6-9]00)$/.test(weight)) marks.push('strong');
  if (styleValue(style, 'font-style') === 'italic') marks.push('em');
  const decoration = `${styleValue(style, 'text-decoration') ?? ''} ${styleValue(style, 'text-decoration-line') ?? ''}`;
  // Links are underlined by their look, not by the writer: an underline inside a link is not kept.
  if (/underline/.test(decoration) && !insideLink) marks.push('u');
  if (/line-through/.test(decoration)) marks.push('s');
  return marks;
}

/** A web or mail link; anything else (file://, javascript:, Word bookmarks) is no link. */
function safeHref(href: string | null): string | null {
  if (!href) return null;
  const trimmed = href.trim();
  return /^(https?:|mailto:)/i.test(trimmed) ? trimmed : null;
}

function isNotBold(element: Element): boolean {
  const weight = styleValue(styleOf(element), 'font-weight');
  return weight !== null && /^(normal|[1-5]00)$/.test(weight);
}

/* ----------------------------------------------------------- Word's list paragraphs */

interface WordListItem {
  paragraph: Element;
  level: number;
  list: string;
  ordered: boolean;
}

const ORDERED_MARKER = /^\(?([0-9]{1,3}|[a-z]{1,2}|[ivxlc]{1,6})[.)]$/i;
const TYPED_MARKER = /^[\s\u00a0]*(?:[·•▪§o\-–]|\(?(?:[0-9]{1,3}|[a-z]{1,2}|[ivxlc]{1,6})[.)])[\s\u00a0]+/i;

/** The list item a Word paragraph is, when it is one: its level, its list and its marker kind. */
function wordListItem(element: Element): WordListItem | null {
  if (element.nodeType !== ELEMENT || (element.localName !== 'p' && !/^h[1-6]$/.test(element.localName))) return null;
  const style = styleOf(element);
  const list = /mso-list\s*:\s*(l\d+)\s+level(\d+)/.exec(style);
  if (!list) return null;
  const ignored = [...element.querySelectorAll('span')].find((span) => /mso-list\s*:\s*ignore/.test(styleOf(span)));
  let marker = '';
  if (ignored) {
    marker = (ignored.textContent ?? '').replace(/[\s\u00a0]+/g, ' ').trim();
    ignored.remove();
  } else {
    // No marker span (some exports): the marker is typed at the start of the text.
    const first = firstText(element);
    const typed = first ? TYPED_MARKER.exec(first.data) : null;
    if (first && typed) {
      marker = typed[0].trim();
      first.data = first.data.slice(typed[0].length);
    }
  }
  return { paragraph: element, level: Math.max(1, Number(list[2])), list: list[1]!, ordered: ORDERED_MARKER.test(marker) };
}

function firstText(node: Node): Text | null {
  for (const child of [...node.childNodes]) {
    if (child.nodeType === TEXT && (child as Text).data.trim()) return child as Text;
    if (child.nodeType === ELEMENT) {
      const found = firstText(child);
      if (found) return found;
    }
  }
  return null;
}

/** Replaces each run of Word list paragraphs under `parent` with nested `ul`/`ol` elements. */
function buildWordLists(document: Document, parent: Element): void {
  const children = [...parent.children];
  let index = 0;
  while (index < children.length) {
    const first = wordListItem(children[index]!);
    if (!first) {
      if (children[index]!.children.length) buildWordLists(document, children[index]!);
      index += 1;
      continue;
    }
    const run: WordListItem[] = [first];
    let next = index + 1;
    for (; next < children.length; next += 1) {
      const item = wordListItem(children[next]!);
      if (!item) break;
      run.push(item);
    }
    // A new list starts where the level goes deeper, or where Word's list (its id) or the kind of marker changes.
    const stack: { level: number; list: Element; id: string; ordered: boolean }[] = [];
    const roots: Element[] = [];
    for (const item of run) {
      while (stack.length && stack[stack.length - 1]!.level > item.level) stack.pop();
      let top = stack[stack.length - 1];
      if (top && top.level === item.level && (top.id !== item.list || top.ordered !== item.ordered)) {
        stack.pop();
        top = undefined;
      }
      if (!top) {
        const list = document.createElement(item.ordered ? 'ol' : 'ul');
        const parentItem = stack[stack.length - 1]?.list.lastElementChild;
        if (parentItem) parentItem.appendChild(list);
        else roots.push(list);
        top = { level: item.level, list, id: item.list, ordered: item.ordered };
        stack.push(top);
      } else if (top.level < item.level) {
        const list = document.createElement(item.ordered ? 'ol' : 'ul');
        (top.list.lastElementChild ?? top.list).appendChild(list);
        top = { level: item.level, list, id: item.list, ordered: item.ordered };
        stack.push(top);
      }
      const listItem = document.createElement('li');
      const paragraph = document.createElement('p');
      while (item.paragraph.firstChild) paragraph.appendChild(item.paragraph.firstChild);
      listItem.appendChild(paragraph);
      top.list.appendChild(listItem);
    }
    for (const root of roots) parent.insertBefore(root, run[0]!.paragraph);
    for (const item of run) item.paragraph.remove();
    index = next;
  }
}

/* ------------------------------------------------------------------- clean copy */

function cleanChildren(source: Node, target: Node, document: Document, context: { insideLink: boolean; insideCell: boolean }): void {
  for (const child of [...source.childNodes]) {
    if (child.nodeType === TEXT) {
      // Line breaks in the HTML source are spaces, as a browser shows them; the editor's parser collapses the rest.
      target.appendChild(document.createTextNode((child as Text).data.replace(/\r?\n/g, ' ')));
      continue;
    }
    if (child.nodeType !== ELEMENT) continue; // comments, Word's conditional blocks, processing instructions
    const element = child as Element;
    const name = element.localName.toLowerCase();
    const tag = element.tagName.toLowerCase();
    if (DROPPED.has(name) || DROPPED.has(tag)) continue;
    if (/mso-list\s*:\s*ignore/.test(styleOf(element)) || /display\s*:\s*none/.test(styleOf(element))) continue;

    let kept = tag.includes(':') ? undefined : KEPT[name];
    if ((name === 'b' || name === 'strong') && isNotBold(element)) kept = undefined;
    // Word's Title and Subtitle styles are paragraphs with a class; they head a part like a heading.
    if (name === 'p' && /^Mso(Title|Subtitle)$/.test(element.getAttribute('class') ?? '')) kept = KEPT.h3;
    if (kept && kept.as === 'h3' && context.insideCell) kept = KEPT.p; // cells hold no headings
    let href: string | null = null;
    if (kept?.as === 'a') {
      href = safeHref(element.getAttribute('href'));
      if (!href) kept = undefined;
    }

    // Formatting carried by styles (Google Docs), wrapped around whatever the element becomes.
    const marks = name === 'a' || (kept && BLOCKS.has(kept.as)) ? [] : styleMarks(styleOf(element), context.insideLink || name === 'a');
    let outer: Node = target;
    for (const mark of marks) {
      if (kept?.as === mark) continue;
      const wrapper = document.createElement(mark);
      outer.appendChild(wrapper);
      outer = wrapper;
    }
    const inner = kept ? document.createElement(kept.as) : null;
    if (inner) {
      for (const attribute of kept!.attributes ?? []) {
        const value = element.getAttribute(attribute);
        if (value && /^\d{1,3}$/.test(value) && value !== '1') inner.setAttribute(attribute, value);
      }
      if (href) inner.setAttribute('href', href);
      outer.appendChild(inner);
    }
    cleanChildren(element, inner ?? outer, document, {
      insideLink: context.insideLink || href !== null,
      insideCell: context.insideCell || name === 'td' || name === 'th',
    });
    // A wrapper that ended up empty (Word's `o:p`, spacing spans) is not kept.
    let node: Node = inner ?? outer;
    while (node !== target && node.childNodes.length === 0 && !KEPT_EMPTY.has((node as Element).localName)) {
      const parentNode = node.parentNode!;
      parentNode.removeChild(node);
      node = parentNode;
    }
  }
}

/** Google Docs puts a nested list directly inside its parent list; HTML (and the editor) want it in the item before it. */
function nestListsInItems(root: Element): void {
  for (const list of [...root.querySelectorAll('ul > ul, ul > ol, ol > ul, ol > ol')]) {
    const previous = list.previousElementSibling;
    if (previous && previous.localName === 'li') previous.appendChild(list);
  }
}

/** Paragraphs outside table cells that hold nothing but spaces: Word's spacing lines. */
function dropEmptyParagraphs(root: Element): void {
  for (const paragraph of [...root.querySelectorAll('p')]) {
    if (paragraph.closest('td, th, li')) continue;
    if (!(paragraph.textContent ?? '').replace(/[\s\u00a0]/g, '') && !paragraph.querySelector('br')) paragraph.remove();
  }
}

/** The clean HTML of a pasted document (the whole clipboard HTML already parsed). */
export function cleanPastedDocument(document: Document): string {
  const body = document.body;
  if (!body) return '';
  buildWordLists(document, body);
  const clean = document.createElement('div');
  cleanChildren(body, clean, document, { insideLink: false, insideCell: false });
  nestListsInItems(clean);
  dropEmptyParagraphs(clean);
  // Line breaks Google Docs puts between blocks at the top are not content.
  for (const child of [...clean.children]) if (child.localName === 'br') child.remove();
  return clean.innerHTML;
}

/** Clipboard HTML that comes from a ProseMirror editor (this one included) and needs no cleaning. */
export function isEditorHtml(html: string): boolean {
  return /data-pm-slice/.test(html);
}

/**
 * Clean HTML for clipboard HTML from Word, Google Docs or a web page. `parse` turns HTML into a
 * Document (the browser's `DOMParser`; a DOM implementation in tests).
 */
export function cleanPastedHtml(html: string, parse: (html: string) => Document): string {
  if (isEditorHtml(html)) return html;
  return cleanPastedDocument(parse(html));
}
