import { getSchema, resolveExtensions, type AnyExtension } from '@tiptap/core';
import type { MarkType, NodeType, Schema } from '@tiptap/pm/model';
import StarterKit from '@tiptap/starter-kit';
import { describe, expect, it } from 'vitest';
import { policyExtensions } from './extensions';

/** What the editor list used to start with: StarterKit without the parts a policy replaces or does not want. */
function withStarterKit(): AnyExtension[] {
  const kit = StarterKit.configure({ document: false, undoRedo: false, trailingNode: false, heading: false, link: false });
  const kitParts = new Set(resolveExtensions([kit]).map((extension) => extension.name));
  return [kit, ...policyExtensions().filter((extension) => !kitParts.has(extension.name))];
}

function describeNode(type: NodeType) {
  const { spec } = type;
  return {
    name: type.name,
    content: spec.content ?? null,
    group: spec.group ?? null,
    marks: spec.marks ?? null,
    inline: spec.inline ?? false,
    atom: spec.atom ?? false,
    defining: spec.defining ?? false,
    isolating: spec.isolating ?? false,
    code: spec.code ?? false,
    attrs: Object.fromEntries(Object.entries(type.spec.attrs ?? {}).map(([name, attr]) => [name, attr.default ?? null])),
    parse: (spec.parseDOM ?? []).map((rule) => rule.tag ?? null),
  };
}

function describeMark(type: MarkType) {
  const { spec } = type;
  return {
    name: type.name,
    inclusive: spec.inclusive ?? null,
    excludes: spec.excludes ?? null,
    attrs: Object.fromEntries(Object.entries(spec.attrs ?? {}).map(([name, attr]) => [name, attr.default ?? null])),
    parse: (spec.parseDOM ?? []).map((rule) => ('tag' in rule ? rule.tag : rule.style) ?? null),
  };
}

function describeSchema(schema: Schema) {
  return {
    topNode: schema.topNodeType.name,
    nodes: Object.values(schema.nodes).map(describeNode),
    marks: Object.values(schema.marks).map(describeMark),
  };
}

describe('the policy extension list', () => {
  it('makes exactly the schema StarterKit made: same nodes and marks, in the same order, with the same rules', () => {
    expect(describeSchema(getSchema(policyExtensions()))).toEqual(describeSchema(getSchema(withStarterKit())));
  });

  it('resolves to the same extensions in the same order, without StarterKit itself', () => {
    const names = (extensions: AnyExtension[]) => resolveExtensions(extensions).map((extension) => extension.name).filter((name) => name !== 'starterKit');
    expect(names(policyExtensions())).toEqual(names(withStarterKit()));
    expect(names(policyExtensions())).not.toContain('undoRedo');
    expect(names(policyExtensions())).not.toContain('trailingNode');
  });
});
