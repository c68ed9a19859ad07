import type { Mention } from '../../shared/api/comments';

/** One piece of a comment's text as shown: plain text, a link made clickable, or a person or department named with "@". */
export type CommentTextPart = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string } | { kind: 'mention'; text: string; mention: Mention };

// http(s) and www. addresses; the trailing punctuation of a sentence is not part of the address.
const LINK = /\b(?:https?:\/\/|www\.)[^\s<>"']+/gi;
const TRAILING = /[.,;:!?)\]}'"]+$/;

/**
 * Splits a comment's plain text into text and links. Rendered through React, every part is
 * escaped: nothing in a comment is ever read as HTML. Only http(s) addresses become links, so a
 * `javascript:` text stays text.
 */
export function commentTextParts(body: string, mentions: readonly Mention[] = []): CommentTextPart[] {
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
    if (start > last) parts.push(...withMentions(body.slice(last, start), mentions));
    parts.push({ kind: 'link', text, href: /^www\./i.test(text) ? `https://${text}` : text });
    last = start + text.length;
  }
  if (last < body.length) parts.push(...withMentions(body.slice(last), mentions));
  return parts;
}

const WORD_CHARACTER = /[\p{L}\p{N}_]/u;

/**
 * Text with the mentions the server found in the comment (`comment.mentions`) marked: "@" and the
 * name, case as written, starting where no word goes on before it and ending where a word ends,
 * the longest name first, as `findMentions` reads them.
 */
function withMentions(text: string, mentions: readonly Mention[]): CommentTextPart[] {
  if (mentions.length === 0 || !text.includes('@')) return [{ kind: 'text', text }];
  const named = [...mentions].filter((mention) => mention.name.trim()).sort((a, b) => b.name.trim().length - a.name.trim().length);
  const parts: CommentTextPart[] = [];
  let last = 0;
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    if (at < last || (at > 0 && WORD_CHARACTER.test(text[at - 1]!))) continue;
    // Each name is compared with the same length of the text after "@", folded apart: folding the
    // whole text can change its length (İ becomes two characters) and shift every position after it.
    const mention = named.find((candidate) => {
      const name = candidate.name.trim();
      const after = text[at + 1 + name.length];
      return text.slice(at + 1, at + 1 + name.length).toLocaleLowerCase() === name.toLocaleLowerCase() && (after === undefined || !WORD_CHARACTER.test(after));
    });
    if (!mention) continue;
    const end = at + 1 + mention.name.trim().length;
    if (at > last) parts.push({ kind: 'text', text: text.slice(last, at) });
    parts.push({ kind: 'mention', text: text.slice(at, end), mention });
    last = end;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}
