import { Extension } from '@tiptap/core';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import './sectionPrompts.css';

/** Shown in the first paragraph of a section that has no text yet. */
export const SECTION_BODY_PROMPT = 'Write what this section asks people to do…';
/** Shown in a section heading with no words. */
export const SECTION_HEADING_PROMPT = 'Name this section';
/** Shown in the policy title while it is empty. */
export const TITLE_PROMPT = 'Name the policy';

/** A prompt for one empty block: its offset inside the top-level node and its words. */
export interface Prompt {
  offset: number;
  text: string;
}

const NONE: readonly Prompt[] = [];

/**
 * The prompts one top-level node shows. An empty title and an empty section heading ask for a
 * name; a section with nothing below its heading asks for its rules in its first paragraph.
 * Other empty paragraphs stay blank, so a written section is not dotted with prompts.
 */
export function promptsFor(node: ProseMirrorNode): readonly Prompt[] {
  if (node.type.name === 'title') return node.content.size === 0 ? [{ offset: 0, text: TITLE_PROMPT }] : NONE;
  if (node.type.name !== 'policySection') return NONE;
  const prompts: Prompt[] = [];
  let bodyHasText = false;
  let firstParagraph: number | null = null;
  node.forEach((child, offset, index) => {
    if (index === 0) {
      if (child.type.name === 'heading' && child.content.size === 0) prompts.push({ offset: offset + 1, text: SECTION_HEADING_PROMPT });
      return;
    }
    if (!child.isTextblock || child.textContent.trim() !== '') bodyHasText = true;
    if (firstParagraph === null && child.type.name === 'paragraph' && child.content.size === 0) firstParagraph = offset + 1;
  });
  if (!bodyHasText && firstParagraph !== null) prompts.push({ offset: firstParagraph, text: SECTION_BODY_PROMPT });
  return prompts.length ? prompts : NONE;
}

const sectionPromptsKey = new PluginKey<DecorationSet>('sectionPrompts');

/**
 * Prompts in empty sections, drawn as node decorations (CSS shows `data-placeholder`), so they
 * never become part of the shared document, its hashes or an export. Prompts are kept per
 * top-level node, which ProseMirror reuses when unchanged: an edit re-reads only the sections
 * it touched.
 */
export const SectionPrompts = Extension.create({
  name: 'sectionPrompts',
  addProseMirrorPlugins() {
    const editor = this.editor;
    const cache = new WeakMap<ProseMirrorNode, readonly Prompt[]>();
    const build = (doc: ProseMirrorNode): DecorationSet => {
      const decorations: Decoration[] = [];
      doc.forEach((node, pos) => {
        let prompts = cache.get(node);
        if (!prompts) cache.set(node, (prompts = promptsFor(node)));
        for (const prompt of prompts) {
          const at = pos + prompt.offset;
          const block = doc.nodeAt(at);
          if (block) decorations.push(Decoration.node(at, at + block.nodeSize, { class: 'section-prompt', 'data-placeholder': prompt.text }));
        }
      });
      return decorations.length ? DecorationSet.create(doc, decorations) : DecorationSet.empty;
    };
    return [
      new Plugin<DecorationSet>({
        key: sectionPromptsKey,
        state: {
          init: (_config, state) => build(state.doc),
          apply: (transaction, previous) => (transaction.docChanged ? build(transaction.doc) : previous),
        },
        props: {
          // Nobody can write in a read-only editor, so asking would only confuse.
          decorations: (state) => (editor.isEditable ? sectionPromptsKey.getState(state) : DecorationSet.empty),
        },
      }),
    ];
  },
});
