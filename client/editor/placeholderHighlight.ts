import { Extension } from '@tiptap/core';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { Plugin, PluginKey, type Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { PLACEHOLDER_IN_TEXT, placeholderDefinition } from '../../shared/placeholders';
import './placeholderHighlight.css';

/** An unfilled `{{name}}` inside one text block: its offset in the block's content and its name. */
export interface PlaceholderMatch {
  from: number;
  to: number;
  name: string;
}

/**
 * The known placeholders in one text block. Inline leaves (hard breaks) count as one character,
 * so offsets are those of ProseMirror. Names shared/placeholders.ts does not know are left alone.
 */
export function placeholdersInBlock(block: ProseMirrorNode): PlaceholderMatch[] {
  const text = block.textBetween(0, block.content.size, undefined, '\uFFFC');
  if (!text.includes('{{')) return [];
  const matches: PlaceholderMatch[] = [];
  for (const match of text.matchAll(PLACEHOLDER_IN_TEXT)) {
    if (placeholderDefinition(match[1]!)) matches.push({ from: match.index, to: match.index + match[0].length, name: match[1]! });
  }
  return matches;
}

function decorationsOf(block: ProseMirrorNode, start: number): Decoration[] {
  return placeholdersInBlock(block).map((match) =>
    Decoration.inline(start + match.from, start + match.to, { class: 'placeholder-unfilled', 'data-placeholder': match.name, title: `To fill in: ${placeholderDefinition(match.name)!.label}` }),
  );
}

/** Every placeholder decoration of a document, read in full (once, when the editor starts). */
export function placeholderDecorations(doc: ProseMirrorNode): DecorationSet {
  const decorations: Decoration[] = [];
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    decorations.push(...decorationsOf(node, pos + 1));
    return false;
  });
  return DecorationSet.create(doc, decorations);
}

/** The ranges of the new document a transaction changed. */
function changedRanges(transaction: Transaction): [number, number][] {
  const ranges: [number, number][] = [];
  const maps = transaction.mapping.maps;
  maps.forEach((map, index) => {
    map.forEach((_oldStart, _oldEnd, newStart, newEnd) => {
      const rest = transaction.mapping.slice(index + 1);
      ranges.push([rest.map(newStart, -1), rest.map(newEnd, 1)]);
    });
  });
  return ranges;
}

/**
 * Re-reads only the text blocks a transaction touched: the previous decorations are mapped,
 * those inside touched blocks dropped and found again. Typing in a 300-section policy costs
 * one block's text per keystroke, not the document's.
 */
export function updatePlaceholderDecorations(previous: DecorationSet, transaction: Transaction): DecorationSet {
  if (!transaction.docChanged) return previous;
  const doc = transaction.doc;
  let set = previous.map(transaction.mapping, doc);
  const seen = new Set<number>();
  for (const [from, to] of changedRanges(transaction)) {
    const start = Math.max(0, Math.min(from, doc.content.size) - 1);
    const end = Math.min(doc.content.size, Math.max(to, from) + 1);
    doc.nodesBetween(start, end, (node, pos) => {
      if (!node.isTextblock) return true;
      if (seen.has(pos)) return false;
      seen.add(pos);
      const inner = pos + 1;
      const stale = set.find(inner, inner + node.content.size);
      if (stale.length > 0) set = set.remove(stale);
      const fresh = decorationsOf(node, inner);
      if (fresh.length > 0) set = set.add(doc, fresh);
      return false;
    });
  }
  return set;
}

export const placeholderHighlightKey = new PluginKey<DecorationSet>('placeholderHighlight');

/**
 * Marks every unfilled `{{name}}` in the editor, so people see what still needs a value.
 * Decorations only: nothing is written to the shared document.
 */
export function placeholderHighlightPlugin(): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: placeholderHighlightKey,
    state: {
      init: (_config, state) => placeholderDecorations(state.doc),
      apply: (transaction, previous) => updatePlaceholderDecorations(previous, transaction),
    },
    props: {
      decorations: (state) => placeholderHighlightKey.getState(state),
    },
  });
}

export const PlaceholderHighlight = Extension.create({
  name: 'placeholderHighlight',
  addProseMirrorPlugins() {
    return [placeholderHighlightPlugin()];
  },
});
