import { EditorState } from '@tiptap/pm/state';
import { describe, expect, it } from 'vitest';
import { scoreText, splitSentences } from '../../shared/readability';
import { policySchema } from '../../shared/schema/extensions';
import { readSections } from '../../shared/sections';
import { SectionReader } from './sectionReader';

const schema = policySchema();
const paragraph = (text: string) => schema.nodes.paragraph!.create(null, text ? schema.text(text) : null);
const cell = (text: string, type: 'tableCell' | 'tableHeader' = 'tableCell') => schema.nodes[type]!.create(null, paragraph(text));
const row = (...cells: ReturnType<typeof cell>[]) => schema.nodes.tableRow!.create(null, cells);

function policy(status: string) {
  const table = schema.nodes.table!.create(null, [row(cell('Tool', 'tableHeader'), cell('Status', 'tableHeader')), row(cell('ChatGPT'), cell(status))]);
  const section = schema.nodes.policySection!.create({ id: 'tools', owner: 'it', approvers: 'legal' }, [
    schema.nodes.heading!.create({ level: 2 }, schema.text('Approved tools')),
    paragraph('Use only the tools in this table.'),
    table,
  ]);
  return schema.nodes.doc!.create(null, [schema.nodes.title!.create(null, schema.text('Policy')), section]);
}

describe('the editor reads tables in a section', () => {
  it('as one line per cell, the same text and hash as the server reads', () => {
    const doc = policy('Not approved');
    doc.check();
    const reading = new SectionReader().read(doc);
    expect(reading.sections[0]!.text).toBe('Approved tools\nUse only the tools in this table.\nTool\nStatus\nChatGPT\nNot approved');
    expect(reading.sections[0]).toEqual(readSections(doc.toJSON())[0]);
  });

  it('so readability counts each cell as its own sentence, not one run-together word string', () => {
    const text = new SectionReader().read(policy('Not approved')).sections[0]!.text;
    expect(splitSentences(text).map((sentence) => sentence.text)).toContain('ChatGPT');
    expect(splitSentences(text).some((sentence) => /ToolStatus|ChatGPTNot/.test(sentence.text))).toBe(false);
    expect(scoreText(text).words).toBe(14);
  });

  it('re-reads the section and changes its hash when a cell is edited', () => {
    const reader = new SectionReader();
    const before = reader.read(policy('Not approved')).sections[0]!;
    const state = EditorState.create({ schema, doc: policy('Not approved') });
    let position = -1;
    state.doc.descendants((node, pos) => {
      if (node.isText && node.text === 'Not approved') position = pos;
    });
    const edited = state.apply(state.tr.insertText('Approved', position, position + 'Not approved'.length)).doc;
    const after = reader.read(edited).sections[0]!;
    expect(after.text.endsWith('ChatGPT\nApproved')).toBe(true);
    expect(after.hash).not.toBe(before.hash);
  });
});
