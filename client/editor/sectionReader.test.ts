import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { EditorState, type Transaction } from '@tiptap/pm/state';
import { canJoin } from '@tiptap/pm/transform';
import { describe, expect, it } from 'vitest';
import { policySchema } from '../../shared/schema/extensions';
import { readSections, readTitle } from '../../shared/sections';
import { SectionReader } from './sectionReader';
import { seededRandom } from '../../test/support/seededRandom';

const schema = policySchema();
const DEPARTMENTS = ['legal', 'hr', 'it', 'marketing', 'communications'];


function section(id: string, title: string, owner: string, approvers: string): ProseMirrorNode {
  return schema.nodes.policySection!.create({ id, owner, approvers }, [
    schema.nodes.heading!.create({ level: 2 }, schema.text(title)),
    schema.nodes.paragraph!.create(null, schema.text(`${title}: people who post for us say so.`)),
    schema.nodes.bulletList!.create(null, [schema.nodes.listItem!.create(null, schema.nodes.paragraph!.create(null, schema.text('Be kind.')))]),
  ]);
}

function startDoc(count: number): ProseMirrorNode {
  const sections = Array.from({ length: count }, (_, index) => section(`s${index}`, `Section ${index}`, DEPARTMENTS[index % DEPARTMENTS.length]!, DEPARTMENTS[(index + 2) % DEPARTMENTS.length]!));
  return schema.nodes.doc!.create(null, [schema.nodes.title!.create(null, schema.text('Policy')), ...sections]);
}

/** Top-level positions of the sections: [start, node, index]. */
function sectionsOf(doc: ProseMirrorNode): { pos: number; node: ProseMirrorNode; index: number }[] {
  const found: { pos: number; node: ProseMirrorNode; index: number }[] = [];
  doc.forEach((node, pos, index) => {
    if (node.type.name === 'policySection') found.push({ pos, node, index });
  });
  return found;
}

/** Text positions inside a node that starts at `start`. */
function textPositions(node: ProseMirrorNode, start: number): number[] {
  const positions: number[] = [];
  node.descendants((child, pos) => {
    if (child.isText) for (let offset = 0; offset <= child.nodeSize; offset++) positions.push(start + 1 + pos + offset);
  });
  return positions;
}

type Edit = (state: EditorState, pick: <T>(items: readonly T[]) => T, next: () => number) => Transaction | null;

const EDITS: Record<string, Edit> = {
  type(state, pick) {
    const target = pick(sectionsOf(state.doc));
    return state.tr.insertText(pick(['a', ' word', '. New sentence', 'é']), pick(textPositions(target.node, target.pos)));
  },
  deleteText(state, pick) {
    const target = pick(sectionsOf(state.doc));
    const at = pick(textPositions(target.node, target.pos));
    const end = Math.min(at + 3, target.pos + target.node.nodeSize - 2);
    if (end <= at) return null;
    return state.tr.delete(at, end);
  },
  bold(state, pick) {
    const target = pick(sectionsOf(state.doc));
    const at = pick(textPositions(target.node, target.pos));
    return state.tr.addMark(at, Math.min(at + 4, target.pos + target.node.nodeSize - 1), schema.marks.bold!.create());
  },
  rename(state, pick) {
    const target = pick(sectionsOf(state.doc));
    const heading = target.node.firstChild!;
    return state.tr.insertText(pick(['Renamed', 'X']), target.pos + 2, target.pos + 1 + heading.nodeSize - 1);
  },
  retitle(state, pick) {
    const title = state.doc.firstChild!;
    return state.tr.insertText(pick(['Our policy', 'Policy 2']), 1, title.nodeSize - 1);
  },
  owner(state, pick) {
    const target = pick(sectionsOf(state.doc));
    return state.tr.setNodeMarkup(target.pos, undefined, { ...target.node.attrs, owner: pick(DEPARTMENTS), approvers: pick(['', 'hr', 'legal,it']) });
  },
  split(state, pick) {
    // Enter inside a section's paragraph that starts a new section there (invalid splits are refused by check()).
    const target = pick(sectionsOf(state.doc));
    const candidates = textPositions(target.node, target.pos).filter((pos) => state.doc.resolve(pos).depth === 2);
    if (candidates.length === 0) return null;
    const at = pick(candidates);
    return state.tr.split(at, 2, [{ type: schema.nodes.policySection!, attrs: { ...target.node.attrs, id: `split${at}` } }, { type: schema.nodes.heading!, attrs: { level: 2 } }]);
  },
  join(state, pick) {
    const boundaries = sectionsOf(state.doc).slice(1).map((entry) => entry.pos).filter((pos) => canJoin(state.doc, pos));
    if (boundaries.length === 0) return null;
    return state.tr.join(pick(boundaries));
  },
  move(state, pick) {
    const sections = sectionsOf(state.doc);
    if (sections.length < 2) return null;
    const moving = pick(sections);
    const tr = state.tr.delete(moving.pos, moving.pos + moving.node.nodeSize);
    // The very same node object lands elsewhere, as a drag or a "move up" does.
    const targets = sectionsOf(tr.doc).map((entry) => entry.pos).concat(tr.doc.content.size);
    return tr.insert(pick(targets), moving.node);
  },
  remove(state, pick) {
    const sections = sectionsOf(state.doc);
    if (sections.length < 2) return null;
    const target = pick(sections);
    return state.tr.delete(target.pos, target.pos + target.node.nodeSize);
  },
  add(state, pick, next) {
    const sections = sectionsOf(state.doc);
    const at = pick(sections.map((entry) => entry.pos).concat(state.doc.content.size));
    return state.tr.insert(at, section(`new${Math.floor(next() * 1e9)}`, 'Added', pick(DEPARTMENTS), ''));
  },
  nothing(state) {
    return state.tr.setMeta('caret moved', true);
  },
};

describe('SectionReader', () => {
  it('reads exactly what readSections and readTitle read from the whole document, after random edits', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const next = seededRandom(seed);
      const pick = <T,>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
      let state = EditorState.create({ schema, doc: startDoc(3 + (seed % 6)) });
      const reader = new SectionReader();
      const names = Object.keys(EDITS);
      for (let step = 0; step < 120; step++) {
        const name = pick(names);
        let tr: Transaction | null = null;
        try {
          tr = EDITS[name]!(state, pick, next);
        } catch {
          tr = null; // a step the document cannot take here (the schema refuses it)
        }
        if (tr) {
          try {
            tr.doc.check();
            state = state.apply(tr);
          } catch {
            // an invalid document: not a state the editor can be in
          }
        }
        const reading = reader.read(state.doc);
        const json = state.doc.toJSON();
        expect(reading.sections, `seed ${seed}, step ${step} (${name})`).toEqual(readSections(json));
        expect(reading.title, `seed ${seed}, step ${step} (${name})`).toBe(readTitle(json));
      }
    }
  });

  it('gives the same reading for an unchanged document and reuses unchanged sections', () => {
    let state = EditorState.create({ schema, doc: startDoc(5) });
    const reader = new SectionReader();
    const first = reader.read(state.doc);
    state = state.apply(state.tr.setMeta('nothing', true));
    expect(reader.read(state.doc)).toBe(first);

    const third = sectionsOf(state.doc)[2]!;
    state = state.apply(state.tr.insertText('!', third.pos + third.node.nodeSize - 4));
    const second = reader.read(state.doc);
    expect(second).not.toBe(first);
    expect(second.title).toBe(first.title);
    second.sections.forEach((info, index) => {
      if (index === 2) expect(info).not.toBe(first.sections[index]);
      else expect(info).toBe(first.sections[index]);
    });
    expect(second.sections[2]!.hash).not.toBe(first.sections[2]!.hash);
  });
});
