import { Node, mergeAttributes } from '@tiptap/core';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { AddMarkStep, Mapping, RemoveMarkStep, ReplaceAroundStep, ReplaceStep, type Step } from '@tiptap/pm/transform';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { randomId } from '../ids';
import { approversAttribute, approversFromAttribute, DEFAULT_OWNER, normalizeApprovers } from '../sections';

export interface PolicySectionOptions {
  /** Makes a fresh section id. Replaced in tests to get predictable ids. */
  generateId: () => string;
}

export interface PolicySectionAttributes {
  id: string | null;
  /** Mirror of the server's owner of the section; only the server writes it. */
  owner: string;
  /** Mirror of the server's approvers, comma-separated; only the server writes it. */
  approvers: string;
}

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    policySection: {
      /**
       * Inserts an empty section before or after the section with this id. `owner` is what the
       * editor shows until the server, which decides, gives the section its creator's department.
       */
      insertSection: (sectionId: string, where: 'above' | 'below', owner: string) => ReturnType;
      /** Swaps the section with its neighbour. */
      moveSection: (sectionId: string, direction: 'up' | 'down') => ReturnType;
      /** Removes the section; the last remaining section cannot be removed. */
      deleteSection: (sectionId: string) => ReturnType;
    };
  }
}

export const policySectionIdRepairKey = new PluginKey('policySectionIdRepair');

/** Finds the top-level section with this id: its node and position. */
export function findSection(doc: ProseMirrorNode, sectionId: string): { node: ProseMirrorNode; pos: number; index: number } | null {
  let found: { node: ProseMirrorNode; pos: number; index: number } | null = null;
  doc.forEach((node, offset, index) => {
    if (!found && node.type.name === 'policySection' && node.attrs.id === sectionId) found = { node, pos: offset, index };
  });
  return found;
}

/**
 * Whether a step, applied to `doc`, changes only what lies inside one top-level node and brings
 * no section with it: such a step cannot add, remove or duplicate a section id (typing, marks,
 * lists and paragraphs inside a section).
 */
function keepsSectionIds(step: Step, doc: ProseMirrorNode): boolean {
  if (step instanceof AddMarkStep || step instanceof RemoveMarkStep) return true;
  if (!(step instanceof ReplaceStep || step instanceof ReplaceAroundStep)) return false;
  const $from = doc.resolve(step.from);
  if ($from.depth === 0 || step.to > $from.end(1)) return false;
  let bringsSection = false;
  step.slice.content.descendants((node) => {
    if (node.type.name === 'policySection') bringsSection = true;
    return !bringsSection;
  });
  return !bringsSection;
}

/**
 * Gives every section without an id, or with an id another section already has, a fresh one.
 * The section that held the id before the change keeps it (else the first in the document),
 * so sign-offs stay with the section people signed and no existing section's id is rewritten,
 * which the server would refuse. Changes from other people are left alone: the server repairs
 * what reaches it, and repairing them here too would only race it. The walk runs only after a
 * local change that may have touched the sections themselves (see `keepsSectionIds`).
 */
export function sectionIdRepairPlugin(generateId: () => string): Plugin {
  return new Plugin({
    key: policySectionIdRepairKey,
    appendTransaction: (transactions, oldState, newState) => {
      const local = transactions.filter((transaction) => transaction.docChanged && !transaction.getMeta(ySyncPluginKey)?.isChangeOrigin);
      // Typing inside a section needs no walk over the whole document.
      if (local.every((transaction) => transaction.steps.every((step, index) => keepsSectionIds(step, transaction.docs[index]!)))) return null;
      const mapping = new Mapping();
      for (const transaction of transactions) mapping.appendMapping(transaction.mapping);
      // Where each id's holder before the change is now.
      const heldAt = new Map<string, number>();
      oldState.doc.forEach((node, offset) => {
        const id = node.attrs.id as string | null;
        if (node.type.name !== 'policySection' || !id || heldAt.has(id)) return;
        const mapped = mapping.mapResult(offset, 1);
        if (!mapped.deleted) heldAt.set(id, mapped.pos);
      });
      const firstAt = new Map<string, number>();
      const keptAt = new Map<string, number>();
      newState.doc.forEach((node, offset) => {
        const id = node.attrs.id as string | null;
        if (node.type.name !== 'policySection' || !id) return;
        if (!firstAt.has(id)) firstAt.set(id, offset);
        if (heldAt.get(id) === offset) keptAt.set(id, offset);
      });
      const tr = newState.tr;
      newState.doc.forEach((node, offset) => {
        if (node.type.name !== 'policySection') return;
        const id = node.attrs.id as string | null;
        if (id && (keptAt.get(id) ?? firstAt.get(id)) === offset) return;
        tr.setNodeMarkup(offset, undefined, { ...node.attrs, id: generateId() });
      });
      return tr.docChanged ? tr : null;
    },
  });
}

/**
 * A policy section: a heading and rich text, owned by one department and approved by others.
 * Its id is what sign-offs point at, so it must stay unique: a split, a paste or two people
 * editing at once can duplicate it, and the id-repair plugin gives every later duplicate a fresh id.
 */
export const PolicySection = Node.create<PolicySectionOptions>({
  name: 'policySection',
  group: 'section',
  content: 'heading block*',
  defining: true,
  isolating: true,

  addOptions() {
    return { generateId: () => randomId() };
  },

  addAttributes() {
    return {
      id: {
        default: null,
        parseHTML: (element) => element.getAttribute('data-section-id'),
        renderHTML: (attributes) => (attributes.id ? { 'data-section-id': attributes.id } : {}),
      },
      owner: {
        default: DEFAULT_OWNER,
        parseHTML: (element) => element.getAttribute('data-owner') ?? DEFAULT_OWNER,
        renderHTML: (attributes) => ({ 'data-owner': attributes.owner }),
      },
      approvers: {
        default: '',
        parseHTML: (element) => approversAttribute(normalizeApprovers(approversFromAttribute(element.getAttribute('data-approvers')), element.getAttribute('data-owner') ?? DEFAULT_OWNER)),
        renderHTML: (attributes) => ({ 'data-approvers': approversAttribute(approversFromAttribute(attributes.approvers)) }),
      },
    };
  },

  parseHTML() {
    return [{ tag: 'section[data-section-id]' }, { tag: 'section[data-owner]' }];
  },

  renderHTML({ HTMLAttributes }) {
    return ['section', mergeAttributes(HTMLAttributes, { class: 'policy-section' }), 0];
  },

  addCommands() {
    return {
      insertSection:
        (sectionId, where, owner) =>
        ({ tr, dispatch, state }) => {
          const section = findSection(tr.doc, sectionId);
          if (!section) return false;
          const { schema } = state;
          const node = schema.nodes.policySection!.create({ id: this.options.generateId(), owner, approvers: '' }, [
            schema.nodes.heading!.create({ level: 2 }),
            schema.nodes.paragraph!.create(),
          ]);
          const at = where === 'above' ? section.pos : section.pos + section.node.nodeSize;
          if (dispatch) tr.insert(at, node);
          return true;
        },
      moveSection:
        (sectionId, direction) =>
        ({ tr, dispatch }) => {
          const section = findSection(tr.doc, sectionId);
          if (!section) return false;
          const neighbourIndex = direction === 'up' ? section.index - 1 : section.index + 1;
          if (neighbourIndex < 0 || neighbourIndex >= tr.doc.childCount) return false;
          const neighbour = tr.doc.child(neighbourIndex);
          if (neighbour.type.name !== 'policySection') return false;
          if (dispatch) {
            if (direction === 'up') {
              const neighbourPos = section.pos - neighbour.nodeSize;
              tr.delete(section.pos, section.pos + section.node.nodeSize);
              tr.insert(neighbourPos, section.node);
            } else {
              const neighbourEnd = section.pos + section.node.nodeSize + neighbour.nodeSize;
              tr.insert(neighbourEnd, section.node);
              tr.delete(section.pos, section.pos + section.node.nodeSize);
            }
          }
          return true;
        },
      deleteSection:
        (sectionId) =>
        ({ tr, dispatch }) => {
          const section = findSection(tr.doc, sectionId);
          if (!section) return false;
          let sections = 0;
          tr.doc.forEach((node) => {
            if (node.type.name === 'policySection') sections += 1;
          });
          if (sections <= 1) return false;
          if (dispatch) tr.delete(section.pos, section.pos + section.node.nodeSize);
          return true;
        },
    };
  },

  addKeyboardShortcuts() {
    return {
      // Mod-Alt-Enter starts a new section below the one holding the cursor.
      'Mod-Alt-Enter': () => {
        const { $from } = this.editor.state.selection;
        if ($from.depth < 1) return false;
        const section = $from.node(1);
        if (section.type.name !== 'policySection' || !section.attrs.id) return false;
        return this.editor.commands.insertSection(section.attrs.id as string, 'below', section.attrs.owner as string);
      },
    };
  },

  addProseMirrorPlugins() {
    return [sectionIdRepairPlugin(this.options.generateId)];
  },
});
