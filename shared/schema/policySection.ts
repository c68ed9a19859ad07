import { Node, mergeAttributes } from '@tiptap/core';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { randomId } from '../ids';

export interface PolicySectionOptions {
  /** Makes a fresh section id. Replaced in tests to get predictable ids. */
  generateId: () => string;
}

export interface PolicySectionAttributes {
  id: string | null;
  owner: string;
  approvers: string[];
}

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    policySection: {
      /** Sets the owning department of the section with this id. */
      setSectionOwner: (sectionId: string, owner: string) => ReturnType;
      /** Sets the approving departments of the section with this id (the owner is never kept among them). */
      setSectionApprovers: (sectionId: string, approvers: string[]) => ReturnType;
      /** Inserts an empty section owned by `owner` before or after the section with this id. */
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

function normalizeApprovers(value: unknown, owner: string): string[] {
  const list = Array.isArray(value) ? value : typeof value === 'string' && value ? value.split(',') : [];
  const unique: string[] = [];
  for (const item of list) {
    const id = String(item).trim();
    if (id && id !== owner && !unique.includes(id)) unique.push(id);
  }
  return unique;
}

/**
 * Gives every section without an id, or with an id an earlier section already has, a fresh
 * one. The first holder of an id keeps it, so sign-offs stay with the section people signed.
 */
export function sectionIdRepairPlugin(generateId: () => string): Plugin {
  return new Plugin({
    key: policySectionIdRepairKey,
    appendTransaction: (transactions, _oldState, newState) => {
      if (!transactions.some((transaction) => transaction.docChanged)) return null;
      const seen = new Set<string>();
      const tr = newState.tr;
      newState.doc.forEach((node, offset) => {
        if (node.type.name !== 'policySection') return;
        const id = node.attrs.id as string | null;
        if (id && !seen.has(id)) {
          seen.add(id);
          return;
        }
        const fresh = generateId();
        seen.add(fresh);
        tr.setNodeMarkup(offset, undefined, { ...node.attrs, id: fresh });
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
        default: 'communications',
        parseHTML: (element) => element.getAttribute('data-owner') ?? 'communications',
        renderHTML: (attributes) => ({ 'data-owner': attributes.owner }),
      },
      approvers: {
        default: [],
        parseHTML: (element) => normalizeApprovers(element.getAttribute('data-approvers'), element.getAttribute('data-owner') ?? ''),
        renderHTML: (attributes) => ({ 'data-approvers': (attributes.approvers as string[]).join(',') }),
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
      setSectionOwner:
        (sectionId, owner) =>
        ({ tr, dispatch }) => {
          const section = findSection(tr.doc, sectionId);
          if (!section) return false;
          const approvers = normalizeApprovers(section.node.attrs.approvers, owner);
          if (dispatch) tr.setNodeMarkup(section.pos, undefined, { ...section.node.attrs, owner, approvers });
          return true;
        },
      setSectionApprovers:
        (sectionId, approvers) =>
        ({ tr, dispatch }) => {
          const section = findSection(tr.doc, sectionId);
          if (!section) return false;
          if (dispatch) {
            tr.setNodeMarkup(section.pos, undefined, {
              ...section.node.attrs,
              approvers: normalizeApprovers(approvers, section.node.attrs.owner as string),
            });
          }
          return true;
        },
      insertSection:
        (sectionId, where, owner) =>
        ({ tr, dispatch, state }) => {
          const section = findSection(tr.doc, sectionId);
          if (!section) return false;
          const { schema } = state;
          const node = schema.nodes.policySection!.create({ id: this.options.generateId(), owner, approvers: [] }, [
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
