import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTemplates } from './templateLoader';
import { queryWords, TemplateSearchIndex } from './templateSearch';

const { templates } = loadTemplates(path.resolve(import.meta.dirname, '../../templates'));
const index = new TemplateSearchIndex(templates);
const snippetText = (parts: { text: string }[]) => parts.map((part) => part.text).join('');

describe('TemplateSearchIndex over the shipped templates', () => {
  it('finds the healthcare template by a word only its text has, naming the section with a marked snippet', () => {
    const hits = index.search('HIPAA');
    expect(hits.map((hit) => hit.id)).toEqual(['healthcare-provider']);
    const [first] = hits[0]!.matches;
    expect(first!.section).toBe('Generative AI and synthetic media');
    expect(first!.snippet.filter((part) => part.match).map((part) => part.text)).toContain('HIPAA');
    expect(snippetText(first!.snippet).length).toBeLessThan(260);
  });

  it('needs every word, matches the start of words, ignores case and accents', () => {
    expect(index.search('hipaa fundraising')).toEqual([]);
    expect(index.search('FUNDRAIS').map((hit) => hit.id)).toContain('nonprofit-charity');
    expect(index.search('pâtient privacy').map((hit) => hit.id)).toContain('healthcare-provider');
  });

  it('gives every template without a search, and at most three places per template', () => {
    expect(index.search('   ').map((hit) => hit.id)).toEqual(templates.map((template) => template.id));
    for (const hit of index.search('social media')) expect(hit.matches.length).toBeLessThanOrEqual(3);
  });

  it('reads {{organization}} as words, never shows the placeholder', () => {
    for (const hit of index.search('organization')) {
      for (const match of hit.matches) expect(snippetText(match.snippet)).not.toContain('{{');
    }
  });

  it('splits a search into distinct normalized words', () => {
    expect(queryWords('  HIPAA, hipaa; Café ')).toEqual(['hipaa', 'cafe']);
    expect(queryWords('')).toEqual([]);
  });
});
