import type { JSONContent } from '@tiptap/core';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readSectionsFromYDoc, yDocToJSON } from '../../shared/sections';
import { addAnchor, anchoredThreadIds, findQuote, removeAnchor } from './commentAnchors';
import { buildPolicyUpdate } from './policyDocuments';

const text = (value: string): JSONContent => ({ type: 'text', text: value });

function policyDoc(): { doc: Y.Doc; section: Y.XmlElement } {
  const doc = new Y.Doc();
  Y.applyUpdate(
    doc,
    buildPolicyUpdate({
      type: 'doc',
      content: [
        { type: 'title', content: [text('Policy')] },
        {
          type: 'policySection',
          attrs: { id: 's_one', owner: 'legal', approvers: '' },
          content: [
            { type: 'heading', attrs: { level: 2 }, content: [text('Posting rules')] },
            { type: 'paragraph', content: [text('Staff may post. Staff may '), { type: 'text', text: 'share', marks: [{ type: 'bold' }] }, text(' news.')] },
            { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [text('Staff may post')] }] }] },
          ],
        },
      ],
    }),
  );
  const section = doc.getXmlFragment('default').get(1) as Y.XmlElement;
  return { doc, section };
}

/** The text marked with a comment in ProseMirror's reading of the document (what the editor shows). */
function commentedText(doc: Y.Doc): { text: string; threadId: unknown }[] {
  const found: { text: string; threadId: unknown }[] = [];
  const walk = (node: JSONContent) => {
    const mark = node.marks?.find((candidate) => candidate.type === 'comment');
    if (node.type === 'text' && mark) found.push({ text: node.text ?? '', threadId: mark.attrs?.threadId });
    node.content?.forEach(walk);
  };
  walk(yDocToJSON(doc));
  return found;
}

describe('comment anchors', () => {
  it('marks the chosen occurrence across formatting, which the editor reads as a comment mark, without changing the hash', () => {
    const { doc, section } = policyDoc();
    const hash = readSectionsFromYDoc(doc)[0]!.hash;
    const second = findQuote(section, 'Staff may share', 0, () => false);
    expect('found' in second && second.found.index).toBe(16);
    const third = findQuote(section, 'Staff may post', 1, () => false);
    if (!('found' in third)) throw new Error('not found');
    addAnchor(third.found, 't_list');
    expect(commentedText(doc)).toEqual([{ text: 'Staff may post', threadId: 't_list' }]);
    expect(anchoredThreadIds(doc)).toEqual(new Set(['t_list']));
    expect(readSectionsFromYDoc(doc)[0]!.hash).toBe(hash);
    removeAnchor(doc, 't_list');
    expect(commentedText(doc)).toEqual([]);
    expect(readSectionsFromYDoc(doc)[0]!.hash).toBe(hash);
  });

  it('finds nothing across blocks or past the last occurrence, and sees overlaps with live threads only', () => {
    const { section } = policyDoc();
    expect(findQuote(section, 'news. Staff', 0, () => false)).toEqual({ problem: 'missing' });
    expect(findQuote(section, 'rules Staff', 0, () => false)).toEqual({ problem: 'missing' });
    expect(findQuote(section, 'Staff may post', 2, () => false)).toEqual({ problem: 'missing' });
    const first = findQuote(section, 'Staff may post', 0, () => false);
    if (!('found' in first)) throw new Error('not found');
    addAnchor(first.found, 't_live');
    expect(findQuote(section, 'may post.', 0, (id) => id === 't_live')).toEqual({ problem: 'overlap' });
    expect('found' in findQuote(section, 'may post.', 0, () => false)).toBe(true);
    expect('found' in findQuote(section, 'Posting', 0, (id) => id === 't_live')).toBe(true);
  });
});
