import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Transform } from '@tiptap/pm/transform';
import type { Node as PMNode } from '@tiptap/pm/model';
import { updateYFragment } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { policySchema } from '../../shared/schema/extensions';
import { DOCUMENT_FIELD, readSections, readTitle, yDocToJSON, type SectionRequirement } from '../../shared/sections';
import { buildPolicyUpdate } from '../services/policyDocuments';
import { loadTemplates, templateDocument } from '../templates/templateLoader';
import { SectionIndex, yElementToJSON } from './sectionIndex';
import { seededRandom } from '../../test/support/seededRandom';

const templatesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../templates');
const schema = policySchema();
const DEPARTMENTS = ['communications', 'hr', 'legal', 'it', 'marketing'];


function templateDoc(): Y.Doc {
  const { templates } = loadTemplates(templatesDir);
  const template = templates.find((candidate) => candidate.id === 'corporate-enterprise') ?? templates[0]!;
  const doc = new Y.Doc();
  Y.applyUpdate(doc, buildPolicyUpdate(templateDocument(template, { title: 'Social media', organization: 'Example' })));
  return doc;
}

type Rng = () => number;
const pick = <T>(random: Rng, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
const word = (random: Rng) => pick(random, ['post ', 'never ', 'ask ', 'é ', '💬', ' report', 'x', '\n']);

function sectionsOf(fragment: Y.XmlFragment): Y.XmlElement[] {
  return fragment.toArray().filter((child): child is Y.XmlElement => child instanceof Y.XmlElement && child.nodeName === 'policySection');
}

function textsIn(element: Y.XmlElement): Y.XmlText[] {
  const texts: Y.XmlText[] = [];
  for (const child of element.toArray()) {
    if (child instanceof Y.XmlText) texts.push(child);
    else if (child instanceof Y.XmlElement) texts.push(...textsIn(child));
  }
  return texts;
}

function paragraphsIn(section: Y.XmlElement): Y.XmlElement[] {
  return section.toArray().filter((child): child is Y.XmlElement => child instanceof Y.XmlElement && child.nodeName === 'paragraph');
}

function plainText(text: Y.XmlText): string {
  return (text.toDelta() as { insert: unknown }[]).map((op) => (typeof op.insert === 'string' ? op.insert : '')).join('');
}

let fresh = 0;

/** One random change made straight on the Y types, as a remote client's update would make it. */
function yOperation(random: Rng, doc: Y.Doc): string {
  const fragment = doc.getXmlFragment(DOCUMENT_FIELD);
  const sections = sectionsOf(fragment);
  const section = pick(random, sections);
  const sectionIndex = fragment.toArray().indexOf(section);
  const kind = pick(random, ['insert', 'insert', 'insert', 'delete', 'format', 'split', 'join', 'move', 'remove', 'duplicate', 'attribute', 'title', 'splitSection', 'joinSections']);
  switch (kind) {
    case 'insert': {
      const text = pick(random, textsIn(section));
      text.insert(Math.floor(random() * (text.length + 1)), word(random), random() < 0.2 ? { bold: {} } : undefined);
      return kind;
    }
    case 'delete': {
      const text = pick(random, textsIn(section));
      if (text.length === 0) return 'noop';
      const at = Math.floor(random() * text.length);
      text.delete(at, Math.min(text.length - at, 1 + Math.floor(random() * 5)));
      return kind;
    }
    case 'format': {
      const text = pick(random, textsIn(section));
      if (text.length === 0) return 'noop';
      const at = Math.floor(random() * text.length);
      text.format(at, 1 + Math.floor(random() * (text.length - at)), random() < 0.5 ? { italic: {} } : { link: { href: 'https://example.org' } });
      return kind;
    }
    case 'split': {
      const paragraph = pick(random, [...paragraphsIn(section), null]);
      const text = paragraph?.get(0);
      if (!paragraph || !(text instanceof Y.XmlText)) return 'noop';
      const at = Math.floor(random() * (text.length + 1));
      const tail = plainText(text).slice(at);
      text.delete(at, text.length - at);
      const next = new Y.XmlElement('paragraph');
      next.insert(0, [new Y.XmlText(tail)]);
      section.insert(section.toArray().indexOf(paragraph) + 1, [next]);
      return kind;
    }
    case 'join': {
      const children = section.toArray();
      const index = children.findIndex((child, position) => position > 0 && child instanceof Y.XmlElement && child.nodeName === 'paragraph' && children[position + 1] instanceof Y.XmlElement && (children[position + 1] as Y.XmlElement).nodeName === 'paragraph');
      if (index < 0) return 'noop';
      const first = (children[index] as Y.XmlElement).get(0);
      const second = (children[index + 1] as Y.XmlElement).get(0);
      if (first instanceof Y.XmlText && second instanceof Y.XmlText) first.insert(first.length, plainText(second));
      section.delete(index + 1, 1);
      return kind;
    }
    case 'move': {
      const copy = section.clone();
      fragment.delete(sectionIndex, 1);
      fragment.insert(1 + Math.floor(random() * (fragment.length - 1 + 1)), [copy]);
      return kind;
    }
    case 'remove':
      if (sections.length < 3) return 'noop';
      fragment.delete(sectionIndex, 1);
      return kind;
    case 'duplicate': {
      const copy = section.clone();
      copy.setAttribute('id', `copy${fresh++}`);
      fragment.insert(sectionIndex + 1, [copy]);
      return kind;
    }
    case 'attribute':
      if (random() < 0.5) section.setAttribute('owner', pick(random, DEPARTMENTS));
      else section.setAttribute('approvers', [pick(random, DEPARTMENTS), pick(random, DEPARTMENTS)].join(','));
      return kind;
    case 'title': {
      const title = fragment.get(0);
      const text = title instanceof Y.XmlElement ? title.get(0) : null;
      if (text instanceof Y.XmlText) text.insert(Math.floor(random() * (text.length + 1)), word(random));
      return kind;
    }
    case 'splitSection': {
      const children = section.toArray();
      if (children.length < 3) return 'noop';
      const at = 2 + Math.floor(random() * (children.length - 2));
      const next = new Y.XmlElement('policySection');
      next.setAttribute('id', `split${fresh++}`);
      next.setAttribute('owner', pick(random, DEPARTMENTS));
      const heading = new Y.XmlElement('heading');
      heading.setAttribute('level', 2 as unknown as string);
      heading.insert(0, [new Y.XmlText('New part')]);
      next.insert(0, [heading, ...children.slice(at).map((child) => (child as Y.XmlElement).clone())]);
      section.delete(at, children.length - at);
      fragment.insert(sectionIndex + 1, [next]);
      return kind;
    }
    case 'joinSections': {
      const following = fragment.get(sectionIndex + 1);
      if (!(following instanceof Y.XmlElement) || following.nodeName !== 'policySection') return 'noop';
      section.insert(section.length, following.toArray().slice(1).map((child) => (child as Y.XmlElement).clone()));
      fragment.delete(sectionIndex + 1, 1);
      return kind;
    }
  }
  return 'noop';
}

/** One random ProseMirror step (typing, a split, a join, a deletion across blocks), written into the Y.Doc as the editor binding writes it. */
function editorOperation(random: Rng, doc: Y.Doc): string {
  const fragment = doc.getXmlFragment(DOCUMENT_FIELD);
  let node: PMNode;
  try {
    node = schema.nodeFromJSON(yDocToJSON(doc));
    node.check();
  } catch {
    return 'editor-unreadable';
  }
  const textPositions: number[] = [];
  node.descendants((child, position) => {
    if (child.isTextblock) textPositions.push(position + 1 + Math.floor(random() * (child.content.size + 1)));
    return true;
  });
  const at = pick(random, textPositions);
  const transform = new Transform(node);
  const kind = pick(random, ['type', 'type', 'split', 'join', 'deleteRange']);
  try {
    if (kind === 'type') transform.insert(at, schema.text(word(random).replace('\n', ' ')));
    else if (kind === 'split') transform.split(at);
    else if (kind === 'join') {
      const $at = transform.doc.resolve(at);
      transform.join($at.before());
    } else {
      const end = Math.min(transform.doc.content.size - 1, at + 1 + Math.floor(random() * 40));
      transform.delete(at, end);
    }
    transform.doc.check();
  } catch {
    return 'editor-refused';
  }
  doc.transact(() => updateYFragment(doc, fragment, transform.doc, { mapping: new Map(), isOMark: new Map() }));
  return `editor-${kind}`;
}

describe('SectionIndex', () => {
  it('reads one element as the whole-document conversion does', () => {
    const doc = templateDoc();
    const whole = yDocToJSON(doc).content!;
    const fragment = doc.getXmlFragment(DOCUMENT_FIELD);
    fragment.toArray().forEach((child, index) => expect(yElementToJSON(child as Y.XmlElement)).toEqual(whole[index]));
  });

  it('after hundreds of random edits, moves, splits, joins and deletions, equals a full re-read, and names every section whose hash changed', () => {
    for (const seed of [1, 2]) {
      const random = seededRandom(seed);
      const doc = templateDoc();
      const replica = new Y.Doc();
      Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
      doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin !== 'replica') Y.applyUpdate(replica, update, 'main');
      });
      const index = new SectionIndex(doc);
      const held = new Map<string, SectionRequirement>();
      const requirements = (id: string) => held.get(id);
      const done = new Map<string, number>();
      let before = readSections(yDocToJSON(doc), requirements);
      let titleBefore = readTitle(yDocToJSON(doc));
      let unstructured = 0;
      expect(index.sections(requirements)).toEqual(before);
      index.takeChanges();
      for (let step = 0; step < 300; step++) {
        const roll = random();
        let kind: string;
        if (roll < 0.08) {
          const section = pick(random, before);
          held.set(section.id, { owner: pick(random, DEPARTMENTS), approvers: random() < 0.5 ? [] : [pick(random, DEPARTMENTS)] });
          kind = 'requirements';
        } else if (roll < 0.3) {
          kind = editorOperation(random, doc);
        } else if (roll < 0.5) {
          // A change made elsewhere, arriving as an update.
          kind = yOperation(random, replica);
          Y.applyUpdate(doc, Y.encodeStateAsUpdate(replica, Y.encodeStateVector(doc)), 'replica');
        } else if (roll < 0.6) {
          kind = 'transaction';
          doc.transact(() => {
            for (let count = 0; count < 3; count++) yOperation(random, doc);
          });
        } else {
          kind = yOperation(random, doc);
        }
        done.set(kind, (done.get(kind) ?? 0) + 1);
        const changes = index.takeChanges();
        const json = yDocToJSON(doc);
        const after = readSections(json, requirements);
        const title = readTitle(json);
        // Sometimes several changes pile up before the index is read again.
        if (random() < 0.7 || step === 299) {
          expect(index.sections(requirements), `seed ${seed} step ${step} (${kind})`).toEqual(after);
          expect(index.sections(requirements)).toEqual(after);
          expect(index.title()).toBe(title);
        }
        if (kind !== 'requirements' && !changes.structural) {
          unstructured += 1;
          expect(after.map((section) => section.id), `seed ${seed} step ${step} (${kind}): order`).toEqual(before.map((section) => section.id));
          after.forEach((section, position) => {
            if (section.hash !== before[position]!.hash) expect(changes.sections.has(section.id), `seed ${seed} step ${step} (${kind}): ${section.id} unreported`).toBe(true);
          });
          if (!changes.title) expect(title).toBe(titleBefore);
        }
        before = after;
        titleBefore = title;
      }
      expect(unstructured).toBeGreaterThan(100);
      // Every kind of change was exercised, through both paths.
      for (const kind of ['insert', 'delete', 'split', 'join', 'move', 'remove', 'duplicate', 'splitSection', 'joinSections', 'requirements', 'editor-type', 'editor-split', 'editor-deleteRange']) {
        expect(done.get(kind) ?? 0, `seed ${seed}: ${kind} never ran (${JSON.stringify([...done])})`).toBeGreaterThan(0);
      }
      index.dispose();
      doc.destroy();
      replica.destroy();
    }
  });
});
