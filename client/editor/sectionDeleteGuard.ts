import { Extension } from '@tiptap/core';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { ySyncPluginKey } from '@tiptap/y-tiptap';

export interface SectionDeleteGuardOptions {
  /** Whether this person may delete a section owned by `owner` (the server enforces the same rule). */
  mayDelete: (owner: string) => boolean;
  /** Told when a change was stopped because it would delete a section. */
  onRefused: (sectionTitle: string) => void;
}

function sectionIds(doc: ProseMirrorNode): Map<string, ProseMirrorNode> {
  const ids = new Map<string, ProseMirrorNode>();
  doc.forEach((node) => {
    if (node.type.name === 'policySection' && typeof node.attrs.id === 'string') ids.set(node.attrs.id, node);
  });
  return ids;
}

/** Whether the top level is the same sections in the same order (checked by identity first: unchanged nodes are shared). */
function sameTopLevel(before: ProseMirrorNode, after: ProseMirrorNode): boolean {
  if (before.childCount !== after.childCount) return false;
  for (let index = 0; index < before.childCount; index += 1) {
    const a = before.child(index);
    const b = after.child(index);
    if (a !== b && a.attrs.id !== b.attrs.id) return false;
  }
  return true;
}

/**
 * Stops, in the editor, a local change that would delete a section this person's department
 * does not own (a selection across sections, then Delete), instead of letting the server
 * refuse it and close the connection. Changes from other people are never stopped.
 */
export const SectionDeleteGuard = Extension.create<SectionDeleteGuardOptions>({
  name: 'sectionDeleteGuard',

  addOptions() {
    return { mayDelete: () => true, onRefused: () => {} };
  },

  addProseMirrorPlugins() {
    const { mayDelete, onRefused } = this.options;
    return [
      new Plugin({
        key: new PluginKey('sectionDeleteGuard'),
        filterTransaction: (transaction, state) => {
          if (!transaction.docChanged || transaction.getMeta(ySyncPluginKey)) return true;
          if (sameTopLevel(state.doc, transaction.doc)) return true;
          const after = sectionIds(transaction.doc);
          for (const [id, node] of sectionIds(state.doc)) {
            if (after.has(id) || mayDelete(String(node.attrs.owner))) continue;
            onRefused(node.firstChild?.textContent ?? '');
            return false;
          }
          return true;
        },
      }),
    ];
  },
});
