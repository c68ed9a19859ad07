import type { JSONContent } from '@tiptap/core';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { buildPolicyUpdate } from '../server/services/policyDocuments';
import { splitSentences } from './readability';
import { policySchema } from './schema/extensions';
import { readSections, readSectionsFromYDoc, yDocToJSON } from './sections';

const paragraph = (text: string): JSONContent => ({ type: 'paragraph', content: text ? [{ type: 'text', text }] : [] });
const cell = (type: 'tableCell' | 'tableHeader', text: string, attrs?: Record<string, unknown>): JSONContent => ({ type, ...(attrs ? { attrs } : {}), content: [paragraph(text)] });
const row = (...cells: JSONContent[]): JSONContent => ({ type: 'tableRow', content: cells });

function policyWithTable(rows: JSONContent[]): JSONContent {
  return {
    type: 'doc',
    content: [
      { type: 'title', content: [{ type: 'text', text: 'Policy' }] },
      {
        type: 'policySection',
        attrs: { id: 'tools', owner: 'it', approvers: 'legal' },
        content: [
          { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Approved tools' }] },
          { type: 'table', content: rows },
        ],
      },
    ],
  };
}

const matrix = () =>
  policyWithTable([
    row(cell('tableHeader', 'Tool'), cell('tableHeader', 'Status')),
    row(cell('tableCell', 'ChatGPT'), cell('tableCell', 'Not approved')),
  ]);

const hashOf = (doc: JSONContent) => readSections(doc)[0]!.hash;

describe('tables inside a section', () => {
  it('read as one line per cell, so readability sees separate sentences, not run-together words', () => {
    const section = readSections(matrix())[0]!;
    expect(section.text).toBe('Approved tools\nTool\nStatus\nChatGPT\nNot approved');
    expect(splitSentences(section.text).map((sentence) => sentence.text)).toEqual(['Approved tools', 'Tool', 'Status', 'ChatGPT', 'Not approved']);
  });

  it('hash their text: changing one cell makes the section hash differ', () => {
    const edited = matrix();
    edited.content![1]!.content![1]!.content![1]!.content![1]!.content![0]!.content![0]!.text = 'Approved';
    expect(hashOf(edited)).not.toBe(hashOf(matrix()));
  });

  it('hash their structure: moving text between cells, adding a row or merging cells changes the hash', () => {
    const base = hashOf(matrix());
    const swapped = policyWithTable([
      row(cell('tableHeader', 'Tool'), cell('tableHeader', 'Status')),
      row(cell('tableCell', 'ChatGPT Not approved'), cell('tableCell', '')),
    ]);
    expect(hashOf(swapped)).not.toBe(base);
    const asParagraphs = policyWithTable([]);
    asParagraphs.content![1]!.content!.splice(1, 1, paragraph('Tool'), paragraph('Status'), paragraph('ChatGPT'), paragraph('Not approved'));
    expect(hashOf(asParagraphs)).not.toBe(base);
    const longer = matrix();
    longer.content![1]!.content![1]!.content!.push(row(cell('tableCell', 'Copilot'), cell('tableCell', 'Approved')));
    expect(hashOf(longer)).not.toBe(base);
    const merged = policyWithTable([row(cell('tableHeader', 'Tool', { colspan: 2 })), row(cell('tableCell', 'ChatGPT'), cell('tableCell', 'Not approved'))]);
    const unmerged = policyWithTable([row(cell('tableHeader', 'Tool')), row(cell('tableCell', 'ChatGPT'), cell('tableCell', 'Not approved'))]);
    expect(hashOf(merged)).not.toBe(hashOf(unmerged));
  });

  it('give the same hash in the server Y.Doc and in the browser JSON (defaults filled in)', () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, buildPolicyUpdate(matrix()));
    const server = readSectionsFromYDoc(doc)[0]!;
    const browser = readSections(policySchema().nodeFromJSON(yDocToJSON(doc)).toJSON() as JSONContent)[0]!;
    expect(server.content[0]!.type).toBe('table');
    expect(browser.hash).toBe(server.hash);
    expect(server.hash).toBe(hashOf(matrix()));
  });
});
