import type { JSONContent } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { buildPolicyUpdate } from '../server/services/policyDocuments';
import { policySchema } from './schema/extensions';
import { DEFAULT_OWNER, DOCUMENT_FIELD, normalizeApprovers, policyFingerprint, readSections, readSectionsFromYDoc, readTitleFromYDoc, yDocToJSON } from './sections';

const schema = policySchema();

const policy: JSONContent = {
  type: 'doc',
  content: [
    { type: 'title', content: [{ type: 'text', text: 'Social Media Policy' }] },
    {
      type: 'policySection',
      attrs: { id: 'sectionA', owner: 'communications', approvers: ['hr', 'legal'] },
      content: [
        { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Purpose' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'We post ' }, { type: 'text', text: 'carefully', marks: [{ type: 'bold' }] }, { type: 'text', text: '.' }] },
        {
          type: 'bulletList',
          content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Read the ' }, { type: 'text', text: 'guide', marks: [{ type: 'link', attrs: { href: 'https://example.org' } }] }] }] }],
        },
      ],
    },
    {
      type: 'policySection',
      attrs: { id: 'sectionB', owner: 'it', approvers: [] },
      content: [
        { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Security' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'Use two-step login.' }] },
      ],
    },
  ],
};

/** The Y.Doc the server keeps for a document. */
function serverDoc(json: JSONContent): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, buildPolicyUpdate(json));
  return doc;
}

/** What `editor.getJSON()` gives in the browser: the schema's node with every default attribute filled in. */
function browserJSON(doc: Y.Doc): JSONContent {
  return schema.nodeFromJSON(yDocToJSON(doc)).toJSON() as JSONContent;
}

describe('reading sections', () => {
  it('reads id, title, owner, approvers, text and a SHA-256 hash', () => {
    const sections = readSectionsFromYDoc(serverDoc(policy));
    expect(sections.map(({ id, title, owner, approvers }) => ({ id, title, owner, approvers }))).toEqual([
      { id: 'sectionA', title: 'Purpose', owner: 'communications', approvers: ['hr', 'legal'] },
      { id: 'sectionB', title: 'Security', owner: 'it', approvers: [] },
    ]);
    expect(sections[0]!.text).toBe('Purpose\nWe post carefully.\nRead the guide');
    expect(sections[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(readTitleFromYDoc(serverDoc(policy))).toBe('Social Media Policy');
  });

  it('gives the same hashes for the browser-style and the server-style document', () => {
    const doc = serverDoc(policy);
    const fromServer = readSectionsFromYDoc(doc).map((section) => section.hash);
    const browser = browserJSON(doc);
    // The browser's JSON really does carry attributes the Y.Doc does not store.
    expect(JSON.stringify(browser)).not.toBe(JSON.stringify(yDocToJSON(doc)));
    expect(readSections(browser).map((section) => section.hash)).toEqual(fromServer);
  });

  it('changes only the edited section hash, for text, owner and approvers', () => {
    const before = readSections(policy);
    const editText = structuredClone(policy);
    editText.content![2]!.content![1]!.content![0]!.text = 'Use two-step login everywhere.';
    const afterText = readSections(editText);
    expect(afterText[0]!.hash).toBe(before[0]!.hash);
    expect(afterText[1]!.hash).not.toBe(before[1]!.hash);

    const editOwner = structuredClone(policy);
    editOwner.content![1]!.attrs!.owner = 'marketing';
    expect(readSections(editOwner)[0]!.hash).not.toBe(before[0]!.hash);
    expect(readSections(editOwner)[1]!.hash).toBe(before[1]!.hash);

    const editApprovers = structuredClone(policy);
    editApprovers.content![1]!.attrs!.approvers = ['hr'];
    expect(readSections(editApprovers)[0]!.hash).not.toBe(before[0]!.hash);

    const editMarks = structuredClone(policy);
    delete editMarks.content![1]!.content![1]!.content![1]!.marks;
    expect(readSections(editMarks)[0]!.hash).not.toBe(before[0]!.hash);
  });

  it('does not depend on how text happens to be split into runs or on approver order', () => {
    const split = structuredClone(policy);
    split.content![2]!.content![1]!.content = [{ type: 'text', text: 'Use two-' }, { type: 'text', text: 'step login.' }];
    split.content![1]!.attrs!.approvers = ['legal', 'hr'];
    expect(readSections(split).map((section) => section.hash)).toEqual(readSections(policy).map((section) => section.hash));
  });

  it('fingerprints the whole policy from its section hashes in order', () => {
    const sections = readSections(policy);
    expect(policyFingerprint('Policy', sections)).toMatch(/^[0-9a-f]{64}$/);
    expect(policyFingerprint('Policy', [...sections].reverse())).not.toBe(policyFingerprint('Policy', sections));
    expect(policyFingerprint('Renamed policy', sections)).not.toBe(policyFingerprint('Policy', sections));
  });
});

describe('comment anchors', () => {
  it('leave the hash as it was: commenting never makes a sign-off stale, in the browser or on the server', () => {
    const commented = structuredClone(policy);
    const paragraph = commented.content![1]!.content![1]!;
    paragraph.content = [
      { type: 'text', text: 'We ' },
      { type: 'text', text: 'post', marks: [{ type: 'comment', attrs: { threadId: 't_1' } }] },
      { type: 'text', text: ' ' },
      { type: 'text', text: 'carefully', marks: [{ type: 'bold' }, { type: 'comment', attrs: { threadId: 't_2' } }] },
      { type: 'text', text: '.' },
    ];
    const plain = readSections(policy)[0]!;
    expect(readSections(commented)[0]!.hash).toBe(plain.hash);
    expect(readSectionsFromYDoc(serverDoc(commented))[0]!.hash).toBe(plain.hash);
    expect(readSections(browserJSON(serverDoc(commented)))[0]!.hash).toBe(plain.hash);
    // The mark is in the document all the same.
    expect(JSON.stringify(yDocToJSON(serverDoc(commented)))).toContain('t_2');
  });
});

describe('normalizeApprovers', () => {
  it('leaves out the owner, who signs as owner already', () => {
    expect(normalizeApprovers(['legal', 'hr'], 'legal')).toEqual(['hr']);
  });

  it('keeps each approver once, in the order given', () => {
    expect(normalizeApprovers(['hr', 'it', 'hr', 'legal', 'it'], 'communications')).toEqual(['hr', 'it', 'legal']);
  });

  it('keeps unknown department ids: whether a department exists is the server’s question', () => {
    expect(normalizeApprovers(['no-such-department'], 'legal')).toEqual(['no-such-department']);
  });

  it('is empty for no approvers, or only the owner', () => {
    expect(normalizeApprovers([], 'legal')).toEqual([]);
    expect(normalizeApprovers(['legal', 'legal'], 'legal')).toEqual([]);
  });
});

describe('defaults', () => {
  it('reads a section without an owner as the default owner’s', () => {
    const [section] = readSections({
      type: 'doc',
      content: [{ type: 'policySection', attrs: { id: 'bare' }, content: [{ type: 'heading', content: [{ type: 'text', text: 'Bare' }] }] }],
    });
    expect(section?.owner).toBe(DEFAULT_OWNER);
    expect(DEFAULT_OWNER).toBe('communications');
  });

  it('names the field TipTap Collaboration binds the editor to, so server and browser read the same text', () => {
    const options = Collaboration.configure({}).options as { field: string };
    expect(DOCUMENT_FIELD).toBe(options.field);
  });
});
