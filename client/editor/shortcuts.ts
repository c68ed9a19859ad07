/**
 * Every keyboard shortcut of the editor, once: toolbar tooltips, `aria-keyshortcuts` and the
 * shortcut list all read this table. Keys are written the way TipTap names them ("Mod" is Ctrl
 * on Windows and Linux, ⌘ on a Mac).
 */
export interface Shortcut {
  /** What the shortcut does, in the words of the toolbar. */
  label: string;
  /** TipTap key names, e.g. ['Mod', 'Shift', '8']; several keys for one action are alternatives. */
  keys: string[];
  /** The same action on a Mac when it differs (redo). */
  macKeys?: string[];
}

export const SHORTCUTS = {
  bold: { label: 'Bold', keys: ['Mod', 'B'] },
  italic: { label: 'Italic', keys: ['Mod', 'I'] },
  underline: { label: 'Underline', keys: ['Mod', 'U'] },
  strike: { label: 'Strikethrough', keys: ['Mod', 'Shift', 'S'] },
  link: { label: 'Link', keys: ['Mod', 'K'] },
  paragraph: { label: 'Paragraph', keys: ['Mod', 'Alt', '0'] },
  subheading: { label: 'Subheading', keys: ['Mod', 'Alt', '3'] },
  bulletList: { label: 'Bulleted list', keys: ['Mod', 'Shift', '8'] },
  orderedList: { label: 'Numbered list', keys: ['Mod', 'Shift', '7'] },
  undo: { label: 'Undo', keys: ['Mod', 'Z'] },
  redo: { label: 'Redo', keys: ['Mod', 'Y'], macKeys: ['Mod', 'Shift', 'Z'] },
  lineBreak: { label: 'Line break in the same paragraph', keys: ['Shift', 'Enter'] },
  newSection: { label: 'New section below this one', keys: ['Mod', 'Alt', 'Enter'] },
  nextCell: { label: 'Next table cell (in a table)', keys: ['Tab'] },
  previousCell: { label: 'Previous table cell (in a table)', keys: ['Shift', 'Tab'] },
  comment: { label: 'Comment on the selected text', keys: ['Mod', 'Alt', 'M'] },
  fillIn: { label: 'Fill in the placeholder at the caret', keys: ['Alt', 'Enter'] },
  focusToolbar: { label: 'Go to the formatting toolbar', keys: ['Alt', 'F10'] },
  shortcuts: { label: 'Keyboard shortcuts', keys: ['Mod', '/'] },
} satisfies Record<string, Shortcut>;

export type ShortcutId = keyof typeof SHORTCUTS;

/** The shortcut list's groups, in the order the dialog shows them. */
export const SHORTCUT_GROUPS: { title: string; ids: ShortcutId[] }[] = [
  { title: 'Text', ids: ['bold', 'italic', 'underline', 'strike', 'link', 'comment', 'fillIn'] },
  { title: 'Paragraphs', ids: ['paragraph', 'subheading', 'bulletList', 'orderedList', 'lineBreak', 'newSection'] },
  { title: 'Tables', ids: ['nextCell', 'previousCell'] },
  { title: 'Editing', ids: ['undo', 'redo', 'focusToolbar', 'shortcuts'] },
];

/** Whether this browser runs on an Apple keyboard layout (⌘ rather than Ctrl). */
export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

const MAC_SYMBOLS: Record<string, string> = { Mod: '⌘', Alt: '⌥', Shift: '⇧', Ctrl: '⌃', Enter: '↩' };
// Apple's order for modifier symbols: Control, Option, Shift, Command.
const MAC_ORDER = ['Ctrl', 'Alt', 'Shift', 'Mod'];

function keysFor(shortcut: Shortcut, mac: boolean): string[] {
  return (mac && shortcut.macKeys) || shortcut.keys;
}

/** The key caps of a shortcut, as people read them here: Ctrl, Shift, 8 (Windows, Linux) or ⇧, ⌘, 8 (Mac). */
export function shortcutKeys(shortcut: Shortcut, mac = isMac): string[] {
  const keys = keysFor(shortcut, mac);
  if (!mac) return keys.map((key) => (key === 'Mod' ? 'Ctrl' : key));
  const modifiers = keys.filter((key) => MAC_ORDER.includes(key)).sort((a, b) => MAC_ORDER.indexOf(a) - MAC_ORDER.indexOf(b));
  const rest = keys.filter((key) => !MAC_ORDER.includes(key));
  return [...modifiers, ...rest].map((key) => MAC_SYMBOLS[key] ?? key);
}

/** The keys as one string: "Ctrl+Shift+8" on Windows and Linux, "⇧⌘8" on a Mac. */
export function shortcutText(shortcut: Shortcut, mac = isMac): string {
  return shortcutKeys(shortcut, mac).join(mac ? '' : '+');
}

/** The keys in the form `aria-keyshortcuts` wants ("Control+Shift+8", "Meta+K"). */
export function ariaKeyShortcut(shortcut: Shortcut, mac = isMac): string {
  return keysFor(shortcut, mac)
    .map((key) => (key === 'Mod' ? (mac ? 'Meta' : 'Control') : key === 'Ctrl' ? 'Control' : key))
    .join('+');
}

/** A tooltip: the action and, after it, its keys ("Bold (Ctrl+B)"). */
export function tooltipText(id: ShortcutId, mac = isMac): string {
  const shortcut = SHORTCUTS[id];
  return `${shortcut.label} (${shortcutText(shortcut, mac)})`;
}
