/** One piece of a comment's text as shown: plain text, or a link made clickable. */
export type CommentTextPart = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

// http(s) and www. addresses; the trailing punctuation of a sentence is not part of the address.
const LINK = /\b(?:https?:\/\/|www\.)[^\s<>"']+/gi;
const TRAILING = /[.,;:!?)\]}'"]+$/;

/**
 * Splits a comment's plain text into text and links. Rendered through React, every part is
 * escaped: nothing in a comment is ever read as HTML. Only http(s) addresses become links, so a
 * `javascript:` text stays text.
 */
export function commentTextParts(body: string): CommentTextPart[] {
  const parts: CommentTextPart[] = [];
  let last = 0;
  for (const match of body.matchAll(LINK)) {
    const start = match.index;
    let text = match[0];
    const trailing = TRAILING.exec(text)?.[0] ?? '';
    // A closing parenthesis belongs to the address when it opened one too (Wikipedia links).
    const keep = trailing.startsWith(')') && text.slice(0, -trailing.length).includes('(') ? 1 : 0;
    text = text.slice(0, text.length - trailing.length + keep);
    if (!text || /^(?:https?:\/\/|www\.)$/i.test(text)) continue;
    if (start > last) parts.push({ kind: 'text', text: body.slice(last, start) });
    parts.push({ kind: 'link', text, href: /^www\./i.test(text) ? `https://${text}` : text });
    last = start + text.length;
  }
  if (last < body.length) parts.push({ kind: 'text', text: body.slice(last) });
  return parts;
}
