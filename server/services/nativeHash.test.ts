import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { nobleSha256Hex, policyFingerprint, readSections, readTitle, sectionHash, setHashFunction, type SectionInfo } from '../../shared/sections';
import { loadTemplates, templateDocument } from '../templates/templateLoader';
import { nodeSha256Hex } from './nativeHash';

const templatesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../templates');

function hashesWith(hash: typeof nobleSha256Hex, sections: () => SectionInfo[]): string[] {
  setHashFunction(hash);
  return sections().map((section) => section.hash);
}

describe('the native SHA-256', () => {
  afterEach(() => setHashFunction(nobleSha256Hex));

  it('gives the digest the browser gives, for ASCII, non-Latin text, emoji and a lone surrogate', () => {
    for (const text of ['', 'abc', 'Überprüfung – «politique» 社交媒体', 'we 💬 carefully', 'broken \ud800 pair', 'x'.repeat(100_000)]) {
      expect(nodeSha256Hex(text)).toBe(nobleSha256Hex(text));
    }
    // The SHA-256 test vector: a stored sign-off hash must keep meaning the same thing.
    expect(nodeSha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('gives a section the hash stored sign-offs were made with before the server hashed natively', () => {
    setHashFunction(nodeSha256Hex);
    const node = {
      type: 'policySection',
      content: [
        { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Purpose' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'We post carefully.' }] },
      ],
    };
    // Computed with @noble/hashes by the code before this change.
    expect(sectionHash({ id: 'sectionA', owner: 'communications', approvers: ['legal', 'hr'], node })).toBe('48d87281b2dd40b08443a018ee1ccb97c1c27781d64a1cbcaaa91f0159dfa673');
  });

  it('gives every section of every template, and the fingerprint, the same hash as noble', () => {
    const { templates } = loadTemplates(templatesDir);
    expect(templates.length).toBeGreaterThan(0);
    for (const template of templates) {
      const document = templateDocument(template, { title: template.title, organization: 'Example' });
      const read = () => readSections(document);
      const browser = hashesWith(nobleSha256Hex, read);
      const server = hashesWith(nodeSha256Hex, read);
      expect(server).toEqual(browser);
      setHashFunction(nodeSha256Hex);
      const nativeFingerprint = policyFingerprint(readTitle(document), read());
      setHashFunction(nobleSha256Hex);
      expect(nativeFingerprint).toBe(policyFingerprint(readTitle(document), read()));
    }
  });
});
