import type { PolicyTemplate } from './templateLoader';
import { templateSectionText } from './templateLoader';

/** A piece of a snippet: text as written, and whether it is a word the search matched. */
export interface SnippetPart {
  text: string;
  match: boolean;
}

/** Where a template matched: a section (by title) or the template's own description (`section: null`). */
export interface TemplateMatch {
  section: string | null;
  snippet: SnippetPart[];
}

export interface TemplateHit {
  id: string;
  matches: TemplateMatch[];
}

interface IndexedWord {
  word: string;
  start: number;
  end: number;
}

interface IndexedField {
  /** The section's title, or null for the template's title, sector and summary. */
  section: string | null;
  text: string;
  words: IndexedWord[];
}

interface IndexedTemplate {
  id: string;
  fields: IndexedField[];
  /** Every distinct word of the template, to answer "does it contain all query words" quickly. */
  vocabulary: string[];
}

/** Characters either side of the first matched word in a snippet. */
const SNIPPET_CONTEXT = 70;
/** Sections shown per template; a search for a common word would otherwise list them all. */
const MAX_MATCHES_PER_TEMPLATE = 3;
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

/** Lower case without accents, so "Datenschutz" and "datenschutz", "café" and "cafe" meet. */
function normalize(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function indexField(section: string | null, text: string): IndexedField {
  const words: IndexedWord[] = [];
  for (const found of text.matchAll(WORD)) words.push({ word: normalize(found[0]), start: found.index, end: found.index + found[0].length });
  return { section, text, words };
}

/** The words of a search, normalized; an empty list matches everything. */
export function queryWords(query: string): string[] {
  return [...new Set([...query.matchAll(WORD)].map((found) => normalize(found[0])))];
}

/** A stretch of `field` around its first matched word, matched words marked, cut at word boundaries. */
function snippetOf(field: IndexedField, matched: (word: string) => boolean): SnippetPart[] | null {
  const first = field.words.find((word) => matched(word.word));
  if (!first) return null;
  let from = Math.max(0, first.start - SNIPPET_CONTEXT);
  let to = Math.min(field.text.length, first.end + SNIPPET_CONTEXT * 2);
  if (from > 0) from = field.text.indexOf(' ', from) + 1 || from;
  if (to < field.text.length) to = field.text.lastIndexOf(' ', to) > first.end ? field.text.lastIndexOf(' ', to) : to;
  const parts: SnippetPart[] = [];
  let cursor = from;
  const push = (text: string, match: boolean) => {
    if (!text) return;
    const last = parts[parts.length - 1];
    if (last && last.match === match) last.text += text;
    else parts.push({ text, match });
  };
  if (from > 0) push('…', false);
  for (const word of field.words) {
    if (word.start < from || word.end > to || !matched(word.word)) continue;
    push(field.text.slice(cursor, word.start).replace(/\s+/g, ' '), false);
    push(field.text.slice(word.start, word.end), true);
    cursor = word.end;
  }
  push(field.text.slice(cursor, to).replace(/\s+/g, ' '), false);
  if (to < field.text.length) push('…', false);
  return parts;
}

/**
 * A full-text index of the built-in templates, built once at start-up: titles, sector,
 * summary, and every section's title and text, with `{{organization}}` read as "your
 * organization". A template matches when every word of the search starts a word somewhere in
 * it ("HIPAA" finds the healthcare template, "fundrais" finds "fundraising").
 */
export class TemplateSearchIndex {
  private readonly templates: IndexedTemplate[];

  constructor(templates: readonly PolicyTemplate[]) {
    this.templates = templates.map((template) => {
      const fields = [
        indexField(null, `${template.sector}. ${template.title}. ${template.summary}`),
        ...template.sections.map((section) => indexField(section.title, `${section.title}\n${templateSectionText(section).replace(/\{\{\s*organization\s*\}\}/g, 'your organization')}`)),
      ];
      const vocabulary = [...new Set(fields.flatMap((field) => field.words.map((word) => word.word)))];
      return { id: template.id, fields, vocabulary };
    });
  }

  /**
   * Templates matching every word of `query`, in catalogue order, each with up to three
   * places (section first, then the description) and a snippet of each.
   */
  search(query: string): TemplateHit[] {
    const words = queryWords(query);
    const hits: TemplateHit[] = [];
    if (words.length === 0) return this.templates.map((template) => ({ id: template.id, matches: [] }));
    const matched = (word: string) => words.some((wanted) => word.startsWith(wanted));
    for (const template of this.templates) {
      if (!words.every((wanted) => template.vocabulary.some((word) => word.startsWith(wanted)))) continue;
      const matches: TemplateMatch[] = [];
      // Sections before the description: where in the policy the words are is what people look for.
      const ordered = [...template.fields.slice(1), template.fields[0]!];
      for (const field of ordered) {
        if (matches.length >= MAX_MATCHES_PER_TEMPLATE) break;
        const snippet = snippetOf(field, matched);
        if (snippet) matches.push({ section: field.section, snippet });
      }
      hits.push({ id: template.id, matches });
    }
    return hits;
  }
}
