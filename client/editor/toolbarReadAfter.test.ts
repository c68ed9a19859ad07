import { EditorState, TextSelection } from '@tiptap/pm/state';
import { describe, expect, it } from 'vitest';
import { policySchema } from '../../shared/schema/extensions';
import { toolbarReadAfter } from './Toolbar';

const schema = policySchema();

function state(): EditorState {
  const section = schema.nodes.policySection!.create({ id: 's1', owner: 'legal', approvers: '' }, [
    schema.nodes.heading!.create({ level: 2 }, schema.text('Title')),
    schema.nodes.paragraph!.create(null, schema.text('Some words here')),
  ]);
  const doc = schema.nodes.doc!.create(null, [schema.nodes.title!.create(null, schema.text('Policy')), section]);
  return EditorState.create({ schema, doc });
}

describe('when the toolbar is read again', () => {
  it('after typing, when idle; after a new selection or stored marks, at once', () => {
    const start = state();
    expect(toolbarReadAfter(start.tr.insertText('x', 20))).toBe('idle');
    expect(toolbarReadAfter(start.tr.setSelection(TextSelection.create(start.doc, 20)))).toBe('now');
    expect(toolbarReadAfter(start.tr.addStoredMark(schema.marks.bold!.create()))).toBe('now');
  });

  it('never for a transaction that carries only plugin news, such as the carets’ refresh after a key press', () => {
    expect(toolbarReadAfter(state().tr.setMeta('y-sync$', { awarenessUpdated: true }))).toBe('never');
  });
});
