import { Fragment, Slice } from '@tiptap/pm/model';
import { EditorState } from '@tiptap/pm/state';
import { describe, expect, it } from 'vitest';
import { policySchema } from './extensions';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { sectionIdRepairPlugin } from './policySection';

const schema = policySchema();

function section(id: string | null, text: string) {
  return schema.nodes.policySection!.create({ id, owner: 'legal', approvers: 'hr' }, [
    schema.nodes.heading!.create({ level: 2 }, schema.text(text)),
    schema.nodes.paragraph!.create(null, schema.text(`${text} body`)),
  ]);
}

function ids(state: EditorState): (string | null)[] {
  const result: (string | null)[] = [];
  state.doc.forEach((node) => {
    if (node.type.name === 'policySection') result.push(node.attrs.id as string | null);
  });
  return result;
}

describe('section id repair', () => {
  let counter = 0;
  const plugin = sectionIdRepairPlugin(() => `fresh${++counter}`);
  const start = () =>
    EditorState.create({
      schema,
      plugins: [plugin],
      doc: schema.nodes.doc!.create(null, [schema.nodes.title!.create(null, schema.text('Policy')), section('a', 'One'), section('b', 'Two')]),
    });

  it('gives a pasted or split copy of a section a fresh id and keeps the original', () => {
    const state = start();
    const copy = state.doc.child(1);
    const pasted = state.apply(state.tr.insert(state.doc.content.size, copy));
    const result = ids(pasted);
    expect(result[0]).toBe('a');
    expect(result[1]).toBe('b');
    expect(result[2]).toMatch(/^fresh\d+$/);
    expect(new Set(result).size).toBe(3);
  });

  it('keeps the id on the section that held it when the copy lands above it (the server refuses rewriting an existing id)', () => {
    const state = start();
    const copy = state.doc.child(2);
    const pasted = state.apply(state.tr.insert(state.doc.child(0).nodeSize, copy));
    const result = ids(pasted);
    expect(result[0]).toMatch(/^fresh\d+$/);
    expect(result.slice(1)).toEqual(['a', 'b']);
  });

  it('leaves duplicate ids arriving from other people to the server', () => {
    const state = start();
    const remote = state.tr.insert(state.doc.content.size, state.doc.child(1)).setMeta(ySyncPluginKey, { isChangeOrigin: true });
    expect(ids(state.apply(remote))).toEqual(['a', 'b', 'a']);
  });

  it('gives a section without an id one', () => {
    const state = start();
    const next = state.apply(state.tr.insert(state.doc.content.size, section(null, 'Three')));
    expect(ids(next)[2]).toMatch(/^fresh\d+$/);
  });

  it('keeps the owner and approvers of the repaired copy', () => {
    const state = start();
    const next = state.apply(state.tr.insert(state.doc.content.size, state.doc.child(2)));
    const repaired = next.doc.child(3);
    expect(repaired.attrs.owner).toBe('legal');
    expect(repaired.attrs.approvers).toBe('hr');
  });

  it('repairs a copy of a section pasted into the middle of another section\'s text', () => {
    const state = start();
    const inside = state.doc.child(0).nodeSize + 1 + state.doc.child(1).child(0).nodeSize + 3;
    const next = state.apply(state.tr.replace(inside, inside, new Slice(Fragment.from(state.doc.child(2)), 0, 0)));
    const result = ids(next);
    expect(result).toContain('a');
    expect(result).toContain('b');
    expect(result.every((id) => id !== null)).toBe(true);
    expect(new Set(result).size).toBe(result.length);
  });

  it('repairs an id copied onto another section by changing its attributes', () => {
    const state = start();
    const second = state.doc.child(0).nodeSize + state.doc.child(1).nodeSize;
    const next = state.apply(state.tr.setNodeMarkup(second, undefined, { ...state.doc.child(2).attrs, id: 'a' }));
    const result = ids(next);
    expect(result[0]).toBe('a');
    expect(result[1]).toMatch(/^fresh\d+$/);
  });

  it('leaves a document with unique ids alone', () => {
    const state = start();
    const tr = state.tr.insertText('!', 5);
    const next = state.apply(tr);
    expect(ids(next)).toEqual(['a', 'b']);
    // Typing, a mark and a new paragraph inside a section give the plugin nothing to append.
    const inBody = state.doc.child(0).nodeSize + 1 + state.doc.child(1).child(0).nodeSize + 2;
    const typed = state.apply(state.tr.insertText('xyz', inBody).addMark(inBody, inBody + 3, schema.marks.bold!.create()).split(inBody + 1));
    expect(typed.doc.childCount).toBe(3);
    expect(plugin.spec.appendTransaction!([state.tr.insertText('xyz', inBody)], state, state.apply(state.tr.insertText('xyz', inBody)))).toBeNull();
    expect(ids(typed)).toEqual(['a', 'b']);
  });
});

describe('section attributes read from HTML', () => {
  /** What a pasted or imported `<section>` turns into; only its attributes matter here. */
  function parsed(attributes: Record<string, string>) {
    const element = { getAttribute: (name: string) => attributes[name] ?? null } as unknown as HTMLElement;
    const rule = schema.nodes.policySection!.spec.parseDOM!.find((candidate) => candidate.tag === 'section[data-section-id]')!;
    return (rule as { getAttrs: (element: HTMLElement) => Record<string, unknown> }).getAttrs(element);
  }

  it('keeps approvers without the owner, each once', () => {
    expect(parsed({ 'data-section-id': 'a', 'data-owner': 'legal', 'data-approvers': 'hr,legal, hr ,it' })).toMatchObject({ owner: 'legal', approvers: 'hr,it' });
  });

  it('gives a section without an owner the default owner, who is then no approver either', () => {
    expect(parsed({ 'data-section-id': 'a', 'data-approvers': 'communications,hr' })).toMatchObject({ owner: 'communications', approvers: 'hr' });
  });
});
