import { Extension } from '@tiptap/core';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state';
import { Mapping, StepMap } from '@tiptap/pm/transform';
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view';
import { PLACEHOLDER_IN_TEXT, placeholderDefinition } from '../../shared/placeholders';
import { askToFillIn } from '../placeholders/fillInEvents';
import { SHORTCUTS, shortcutText } from './shortcuts';
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
    Decoration.inline(start + match.from, start + match.to, { class: 'placeholder-unfilled', 'data-placeholder': match.name, title: `To fill in: ${placeholderDefinition(match.name)!.label}` }, { placeholder: match.name }),
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

/** The ranges of the new document a transaction changed, as its step maps tell. */
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
 * Where two documents really differ: `start` in both, `endA` in the old one, `endB` in the new
 * one; null when their content is equal. ProseMirror shares unchanged nodes, so this compares
 * top-level children by identity and descends only into the changed one.
 */
function contentDiff(before: ProseMirrorNode, after: ProseMirrorNode): { start: number; endA: number; endB: number } | null {
  const start = before.content.findDiffStart(after.content);
  if (start === null) return null;
  let { a: endA, b: endB } = before.content.findDiffEnd(after.content)!;
  // Repeated content (typing "a" after "a") lets the end overshoot the start; move both ends back in line.
  const overlap = start - Math.min(endA, endB);
  if (overlap > 0) {
    endA += overlap;
    endB += overlap;
  }
  return { start, endA, endB };
}

/** Calls `visit` once for each text block of `doc` touching [from, to], with its position. */
function textblocksAround(doc: ProseMirrorNode, from: number, to: number, visit: (node: ProseMirrorNode, pos: number) => void): void {
  const start = Math.max(0, Math.min(from, doc.content.size) - 1);
  const end = Math.min(doc.content.size, Math.max(to, from) + 1);
  doc.nodesBetween(start, end, (node, pos) => {
    if (!node.isTextblock) return true;
    visit(node, pos);
    return false;
  });
}

/**
 * Re-reads only the text blocks a transaction touched: the previous decorations are mapped,
 * those inside touched blocks dropped and found again. Typing in a 300-section policy costs
 * one block's text per keystroke, not the document's.
 *
 * A remote change arrives from y-tiptap as one step replacing the whole document; its step map
 * says "everything changed", so for it (and any transaction whose steps cover more than what
 * differs) the range comes from comparing the two documents instead.
 * `onBlockRead` is told of every block read (tests count them).
 */
export function updatePlaceholderDecorations(previous: DecorationSet, transaction: Transaction, onBlockRead?: (block: ProseMirrorNode) => void): DecorationSet {
  if (!transaction.docChanged) return previous;
  const doc = transaction.doc;
  const diff = contentDiff(transaction.before, doc);
  // Same content (a step that put back what was there): the old positions still hold.
  if (!diff) return previous;
  const ranges = changedRanges(transaction);
  const stepWidth = ranges.reduce((sum, [from, to]) => sum + Math.max(0, to - from), 0);
  if (diff.endB - diff.start < stepWidth) return rereadDifference(previous, doc, diff, onBlockRead);

  let set = previous.map(transaction.mapping, doc);
  const seen = new Set<number>();
  for (const [from, to] of ranges) {
    textblocksAround(doc, from, to, (node, pos) => {
      if (seen.has(pos)) return;
      seen.add(pos);
      onBlockRead?.(node);
      const inner = pos + 1;
      const stale = set.find(inner, inner + node.content.size);
      if (stale.length > 0) set = set.remove(stale);
      const fresh = decorationsOf(node, inner);
      if (fresh.length > 0) set = set.add(doc, fresh);
    });
  }
  return set;
}

/**
 * The decorations after a change known only as "[start, endA) of the old document became
 * [start, endB) of the new one": those outside it are kept (shifted past it), the text blocks
 * around it in the new document are read again.
 */
function rereadDifference(previous: DecorationSet, doc: ProseMirrorNode, diff: { start: number; endA: number; endB: number }, onBlockRead?: (block: ProseMirrorNode) => void): DecorationSet {
  const blocks: { node: ProseMirrorNode; pos: number }[] = [];
  let from = diff.start;
  let to = diff.endB;
  textblocksAround(doc, diff.start, diff.endB, (node, pos) => {
    blocks.push({ node, pos });
    from = Math.min(from, pos);
    to = Math.max(to, pos + node.nodeSize);
  });
  // Content before `start` and after the ends is the same in both documents, so [from, to) of the new one was [from, oldTo) of the old one.
  const oldTo = to - (diff.endB - diff.endA);
  const stale = previous.find(from, oldTo);
  let set = (stale.length > 0 ? previous.remove(stale) : previous).map(new Mapping([new StepMap([from, oldTo - from, to - from])]), doc);
  const fresh: Decoration[] = [];
  for (const { node, pos } of blocks) {
    onBlockRead?.(node);
    fresh.push(...decorationsOf(node, pos + 1));
  }
  if (fresh.length > 0) set = set.add(doc, fresh);
  return set;
}

export const placeholderHighlightKey = new PluginKey<DecorationSet>('placeholderHighlight');

/** The unfilled placeholder the caret is in or touches, if any: its name and where it starts. */
export function placeholderAtCaret(state: EditorState): { name: string; from: number } | null {
  const { selection } = state;
  if (!selection.empty) return null;
  const at = selection.from;
  const found = placeholderHighlightKey.getState(state)?.find(at, at, (spec) => typeof spec.placeholder === 'string') ?? [];
  const decoration = found.find((item) => item.from <= at && at <= item.to);
  return decoration ? { name: decoration.spec.placeholder as string, from: decoration.from } : null;
}

/**
 * While the caret is in an unfilled placeholder: a small bubble under it naming the value and
 * offering Fill in (also Alt+Enter). Plain DOM, drawn only while the caret is in one; it asks
 * nothing of a click, so clicking into the text to edit it never opens a dialog.
 */
/** A phone's section action bar, held at the bottom of the window. */
const PHONE_ACTION_BAR_PX = 72;

class PlaceholderBubble {
  private readonly dom: HTMLDivElement;
  private readonly label: HTMLElement;
  private name: string | null = null;
  private from = 0;
  private readonly reposition = () => this.place();
  private readonly hideOnBlur = (event: FocusEvent) => {
    if (!(event.relatedTarget instanceof Node && this.dom.contains(event.relatedTarget))) this.hide();
  };

  constructor(private readonly view: EditorView) {
    this.dom = document.createElement('div');
    this.dom.className = 'placeholder-bubble';
    this.dom.setAttribute('role', 'group');
    this.dom.setAttribute('aria-label', 'Placeholder');
    this.dom.hidden = true;
    const words = document.createElement('span');
    words.append('To fill in: ');
    this.label = document.createElement('strong');
    words.append(this.label);
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'small';
    button.textContent = 'Fill in…';
    button.title = shortcutText(SHORTCUTS.fillIn);
    // The editor keeps the focus (and the caret its place) until the panel opens.
    button.addEventListener('mousedown', (event) => event.preventDefault());
    button.addEventListener('click', () => {
      if (this.name) askToFillIn(this.name);
    });
    this.dom.append(words, button);
    document.body.append(this.dom);
    view.dom.addEventListener('focusout', this.hideOnBlur);
  }

  update(view: EditorView): void {
    const found = view.hasFocus() ? placeholderAtCaret(view.state) : null;
    if (!found) {
      this.hide();
      return;
    }
    this.name = found.name;
    this.from = found.from;
    this.label.textContent = placeholderDefinition(found.name)?.label ?? found.name;
    if (this.dom.hidden) {
      this.dom.hidden = false;
      window.addEventListener('scroll', this.reposition, true);
      window.addEventListener('resize', this.reposition);
    }
    this.place();
  }

  private place(): void {
    if (this.dom.hidden) return;
    let coords: { left: number; top: number; bottom: number };
    try {
      coords = this.view.coordsAtPos(this.from, 1);
    } catch {
      this.hide();
      return;
    }
    const { offsetWidth: width, offsetHeight: height } = this.dom;
    // Under the placeholder, or above it when the window (or a phone's action bar) leaves no room below.
    const below = coords.bottom + 6;
    const room = window.innerHeight - (window.matchMedia?.('(max-width: 640px)').matches ? PHONE_ACTION_BAR_PX : 0);
    const top = below + height <= room - 8 || coords.top - height - 6 < 0 ? below : coords.top - height - 6;
    this.dom.style.left = `${Math.max(8, Math.min(coords.left, window.innerWidth - width - 8))}px`;
    this.dom.style.top = `${top}px`;
  }

  private hide(): void {
    if (this.dom.hidden) return;
    this.dom.hidden = true;
    this.name = null;
    window.removeEventListener('scroll', this.reposition, true);
    window.removeEventListener('resize', this.reposition);
  }

  destroy(): void {
    this.hide();
    this.view.dom.removeEventListener('focusout', this.hideOnBlur);
    this.dom.remove();
  }
}

/**
 * Marks every unfilled `{{name}}` in the editor, so people see what still needs a value; with the
 * caret in one, a bubble offers Fill in at that value (or Alt+Enter). Decorations only: nothing
 * is written to the shared document.
 */
export function placeholderHighlightPlugin(): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: placeholderHighlightKey,
    state: {
      init: (_config, state) => placeholderDecorations(state.doc),
      apply: (transaction, previous) => updatePlaceholderDecorations(previous, transaction),
    },
    view: (view) => new PlaceholderBubble(view),
    props: {
      decorations: (state) => placeholderHighlightKey.getState(state),
      handleKeyDown: (view, event) => {
        if (event.key !== 'Enter' || !event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return false;
        const found = placeholderAtCaret(view.state);
        if (!found) return false;
        askToFillIn(found.name);
        return true;
      },
    },
  });
}

export const PlaceholderHighlight = Extension.create({
  name: 'placeholderHighlight',
  addProseMirrorPlugins() {
    return [placeholderHighlightPlugin()];
  },
});
