import { findParentNode, type Editor } from '@tiptap/core';
import type { EditorState, Transaction } from '@tiptap/pm/state';
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type ReactNode } from 'react';
import { whenIdle } from './idleTask';
import { useScrollCue } from '../useScrollCue';
import { ariaKeyShortcut, SHORTCUTS, tooltipText, type ShortcutId } from './shortcuts';
import './toolbar.css';

/** Where the selection is: the policy title, a section's title (its first heading), or a section's text. */
export type SelectionPlace = 'policyTitle' | 'sectionTitle' | 'body';

/** Where the selection starts and ends; a selection touching a section title counts as in it. */
export function selectionPlace(state: EditorState): SelectionPlace {
  const { $from, $to } = state.selection;
  const at = (pos: typeof $from): SelectionPlace => {
    if (pos.depth < 1 || pos.node(1).type.name !== 'policySection') return 'policyTitle';
    return pos.depth === 2 && pos.index(1) === 0 ? 'sectionTitle' : 'body';
  };
  const from = at($from);
  const to = at($to);
  if (from === 'policyTitle' || to === 'policyTitle') return 'policyTitle';
  return from === 'sectionTitle' || to === 'sectionTitle' ? 'sectionTitle' : 'body';
}

type TextStyle = 'paragraph' | 'subheading' | 'sectionTitle' | 'other';

/** What the toolbar shows: each button's state, read from the editor in one pass. */
export interface ToolbarState {
  place: SelectionPlace;
  style: TextStyle;
  active: { bold: boolean; italic: boolean; underline: boolean; link: boolean; bulletList: boolean; orderedList: boolean };
  can: {
    bold: boolean; italic: boolean; underline: boolean; link: boolean; bulletList: boolean; orderedList: boolean;
    paragraph: boolean; subheading: boolean; table: boolean; undo: boolean; redo: boolean;
  };
  inTable: boolean;
  /** Whether the table's first row is a header row. */
  headerRow: boolean;
  table: Record<TableAction, boolean>;
}

type TableAction = 'addRowBefore' | 'addRowAfter' | 'addColumnBefore' | 'addColumnAfter' | 'deleteRow' | 'deleteColumn' | 'toggleHeaderRow' | 'deleteTable';

const TABLE_ACTIONS: { action: TableAction; label: string }[] = [
  { action: 'addRowBefore', label: 'Insert row above' },
  { action: 'addRowAfter', label: 'Insert row below' },
  { action: 'addColumnBefore', label: 'Insert column left' },
  { action: 'addColumnAfter', label: 'Insert column right' },
  { action: 'deleteRow', label: 'Delete row' },
  { action: 'deleteColumn', label: 'Delete column' },
  { action: 'toggleHeaderRow', label: 'Header row' },
  { action: 'deleteTable', label: 'Delete table' },
];

const NEW_TABLE = { rows: 3, cols: 3, withHeaderRow: true };

/** Reads every button's state. Each `can()` is a dry run of the command, so nothing changes. */
export function readToolbarState(editor: Editor): ToolbarState {
  const { state } = editor;
  const place = selectionPlace(state);
  const body = place === 'body';
  const marks = place !== 'policyTitle';
  const { $from } = state.selection;
  const parent = $from.parent;
  const style: TextStyle =
    place === 'sectionTitle' ? 'sectionTitle' : parent.type.name === 'paragraph' ? 'paragraph' : parent.type.name === 'heading' && parent.attrs.level === 3 ? 'subheading' : 'other';
  const inTable = body && editor.isActive('table');
  const table = inTable ? findParentNode((node) => node.type.name === 'table')(state.selection) : undefined;
  const can = () => editor.can();
  return {
    place,
    style,
    active: {
      bold: editor.isActive('bold'),
      italic: editor.isActive('italic'),
      underline: editor.isActive('underline'),
      link: editor.isActive('link'),
      bulletList: editor.isActive('bulletList'),
      orderedList: editor.isActive('orderedList'),
    },
    can: {
      bold: marks && can().toggleBold(),
      italic: marks && can().toggleItalic(),
      underline: marks && can().toggleUnderline(),
      link: marks,
      bulletList: body && can().toggleBulletList(),
      orderedList: body && can().toggleOrderedList(),
      paragraph: body && (style === 'paragraph' || can().setParagraph()),
      subheading: body && !inTable && (style === 'subheading' || can().setHeading({ level: 3 })),
      table: body && !inTable && can().insertTable(NEW_TABLE),
      undo: can().undo(),
      redo: can().redo(),
    },
    inTable,
    headerRow: table?.node.firstChild?.firstChild?.type.name === 'tableHeader',
    table: Object.fromEntries(TABLE_ACTIONS.map(({ action }) => [action, inTable && can()[action]()])) as Record<TableAction, boolean>,
  };
}

/**
 * When the toolbar must be read again after a transaction: a change of the text, when the browser
 * is idle; a new selection or new stored marks (Ctrl+B with nothing selected), at once; anything
 * else carries only plugin news and changes no button. The carets' refresh that follows every
 * key press is such a transaction: reading the toolbar for it cost about 2 ms per key on the way
 * to the screen.
 */
export function toolbarReadAfter(transaction: Pick<Transaction, 'docChanged' | 'selectionSet' | 'storedMarksSet'>): 'idle' | 'now' | 'never' {
  if (transaction.docChanged) return 'idle';
  return transaction.selectionSet || transaction.storedMarksSet ? 'now' : 'never';
}

function sameState(a: ToolbarState, b: ToolbarState): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The toolbar's state, following the editor. A change of selection is shown at once; after a
 * change of the text (typing, someone else's edit) the state is read when the browser is idle,
 * so a key press never pays for the toolbar.
 */
export function useToolbarState(editor: Editor): ToolbarState {
  const [toolbarState, setToolbarState] = useState(() => readToolbarState(editor));
  useEffect(() => {
    let cancel: (() => void) | null = null;
    const refresh = () => {
      cancel = null;
      if (editor.isDestroyed) return;
      const next = readToolbarState(editor);
      setToolbarState((previous) => (sameState(previous, next) ? previous : next));
    };
    const onTransaction = ({ transaction }: { transaction: Transaction }) => {
      const when = toolbarReadAfter(transaction);
      if (when === 'idle') cancel ??= whenIdle(refresh, 150);
      else if (when === 'now') {
        cancel?.();
        refresh();
      }
    };
    editor.on('transaction', onTransaction);
    refresh();
    return () => {
      cancel?.();
      editor.off('transaction', onTransaction);
    };
  }, [editor]);
  return toolbarState;
}

/** Icons drawn in the text colour, 18 px. */
const ICONS: Record<string, ReactNode> = {
  bulletList: <><circle cx="4" cy="6" r="1.6" /><circle cx="4" cy="12" r="1.6" /><circle cx="4" cy="18" r="1.6" /><path d="M9 6h12M9 12h12M9 18h12" /></>,
  orderedList: <><path d="M10 6h11M10 12h11M10 18h11" /><path d="M3.5 4.5 5 3.5v5" strokeWidth="1.5" /><path d="M3 11.2a1.3 1.3 0 0 1 2.4.6c0 .9-2.4 2-2.4 3.2h2.5" strokeWidth="1.5" /><path d="M3 17h2.3l-1.3 1.6a1.2 1.2 0 1 1-1 2" strokeWidth="1.5" /></>,
  link: <path d="M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1" />,
  table: <><rect x="3" y="4" width="18" height="16" rx="1.5" /><path d="M3 9.5h18M3 15h18M9 4v16M15 4v16" /></>,
  undo: <path d="M9 7 4 12l5 5M4.5 12H15a5 5 0 0 1 0 10h-3" transform="translate(0 -3)" />,
  redo: <path d="m15 7 5 5-5 5M19.5 12H9a5 5 0 0 0 0 10h3" transform="translate(0 -3)" />,
};

function Icon({ name }: { name: string }) {
  return (
    <svg className="toolbar-icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
      {ICONS[name]}
    </svg>
  );
}

interface ToolButtonProps {
  shortcut?: ShortcutId;
  label?: string;
  /** A mark or list that is on where the selection is (aria-pressed); absent for plain actions. */
  pressed?: boolean;
  enabled: boolean;
  onRun: () => void;
  children: ReactNode;
  className?: string;
  popup?: boolean;
}

/**
 * One toolbar button: its name for assistive technology, a tooltip with the shortcut, and
 * `aria-disabled` rather than `disabled`, so it stays reachable with the arrow keys and keeps
 * focus when it stops applying (undo after the last undo).
 */
export function ToolButton({ shortcut, label, pressed, enabled, onRun, children, className, popup }: ToolButtonProps) {
  const name = label ?? (shortcut ? SHORTCUTS[shortcut].label : '');
  return (
    <button
      type="button"
      className={`tool-button${className ? ` ${className}` : ''}`}
      data-toolbar-item=""
      aria-label={name}
      data-tooltip={shortcut ? tooltipText(shortcut) : name}
      {...(shortcut ? { 'aria-keyshortcuts': ariaKeyShortcut(SHORTCUTS[shortcut]) } : {})}
      {...(pressed === undefined ? {} : { 'aria-pressed': pressed })}
      {...(popup ? { 'aria-haspopup': 'dialog' as const } : {})}
      aria-disabled={!enabled}
      // The editor keeps its selection and focus while a button is clicked.
      onMouseDown={(event) => event.preventDefault()}
      onClick={() => enabled && onRun()}
    >
      {children}
    </button>
  );
}

/** Keeps one item of a toolbar in the Tab order and moves between items with the arrow keys (WAI-ARIA toolbar). */
export function useRovingFocus() {
  const ref = useRef<HTMLDivElement>(null);
  // The item last focused; until then (or when it is gone) the first item is the Tab stop.
  const chosen = useRef<HTMLElement | null>(null);
  const items = () => [...(ref.current?.querySelectorAll<HTMLElement>('[data-toolbar-item]') ?? [])].filter((item) => !(item as HTMLButtonElement).disabled && item.closest('[role="toolbar"]') === ref.current);
  const settle = () => {
    const all = items();
    const stop = chosen.current && all.includes(chosen.current) ? chosen.current : all[0];
    for (const item of all) item.tabIndex = item === stop ? 0 : -1;
    return stop;
  };
  // Items come and go (the table menu) and the select is disabled in a section title.
  useLayoutEffect(() => {
    settle();
  });
  const onFocus = (event: { target: EventTarget }) => {
    const item = (event.target as HTMLElement).closest<HTMLElement>('[data-toolbar-item]');
    if (item && items().includes(item)) {
      chosen.current = item;
      settle();
    }
  };
  const onKeyDown = (event: ReactKeyboardEvent) => {
    const all = items();
    const index = all.indexOf(event.target as HTMLElement);
    if (index < 0) return;
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: all.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    all[(next + all.length) % all.length]?.focus();
  };
  const focus = useCallback(() => settle()?.focus(), []);
  return { ref, onFocus, onKeyDown, focus };
}

interface FormattingToolbarProps {
  editor: Editor;
  onOpenLink: () => void;
  onOpenShortcuts: () => void;
  /** Where suggestion and comment buttons go once those exist: a group of its own before the help button. */
  reviewTools?: ReactNode;
  /** Given a function that moves focus into the toolbar (Alt+F10). */
  focusRef?: { current: (() => void) | null };
}

/** The formatting toolbar above the document. Editors only: viewers get no toolbar. */
export function FormattingToolbar({ editor, onOpenLink, onOpenShortcuts, reviewTools, focusRef }: FormattingToolbarProps) {
  const toolbar = useToolbarState(editor);
  const roving = useRovingFocus();
  const cue = useScrollCue();
  const toolbarRef = useCallback(
    (element: HTMLDivElement | null) => {
      roving.ref.current = element;
      cue(element);
    },
    [roving.ref, cue],
  );
  const focusToolbar = roving.focus;
  useEffect(() => {
    if (!focusRef) return;
    focusRef.current = focusToolbar;
    return () => {
      focusRef.current = null;
    };
  }, [focusRef, focusToolbar]);
  // Clicked, the editor keeps focus; used from the keyboard, focus stays on the toolbar (Escape goes back).
  const chain = () => (roving.ref.current?.contains(document.activeElement) ? editor.chain() : editor.chain().focus());
  const pickedWithPointer = useRef(false);
  const { active, can } = toolbar;

  const onKeyDown = (event: ReactKeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      // At once (not on the next frame, as the focus command does), so the next key goes to the text.
      editor.view.focus();
      return;
    }
    // The editor's own shortcuts for the dialogs work from the toolbar too.
    const shortcut = (event.ctrlKey || event.metaKey) && !event.altKey ? event.key.toLowerCase() : '';
    if (shortcut === '/' || (shortcut === 'k' && can.link)) {
      event.preventDefault();
      if (shortcut === '/') onOpenShortcuts();
      else onOpenLink();
      return;
    }
    // The select changes its value with Up and Down; Left and Right move on, as on every other item.
    roving.onKeyDown(event);
  };

  return (
    <div ref={toolbarRef} className="formatting-toolbar" role="toolbar" aria-label="Formatting" aria-controls="policy-text" onKeyDown={onKeyDown} onFocus={roving.onFocus}>
      <div className="toolbar-group">
        <select
          className="text-style"
          data-toolbar-item=""
          aria-label="Text style"
          title={`Text style: ${tooltipText('paragraph')}, ${tooltipText('subheading')}`}
          value={toolbar.style}
          disabled={toolbar.style === 'sectionTitle' || toolbar.place !== 'body' || (!can.paragraph && !can.subheading)}
          onMouseDown={() => (pickedWithPointer.current = true)}
          onKeyDown={() => (pickedWithPointer.current = false)}
          onChange={(event) => {
            // Picked from the list with the mouse, people go on typing; with the arrow keys, they may go on choosing.
            const next = pickedWithPointer.current ? editor.chain().focus() : editor.chain();
            if (event.target.value === 'paragraph') next.setParagraph().run();
            else if (event.target.value === 'subheading') next.setHeading({ level: 3 }).run();
          }}
        >
          <option value="paragraph" disabled={!can.paragraph}>Paragraph</option>
          <option value="subheading" disabled={!can.subheading}>Subheading</option>
          {toolbar.style === 'sectionTitle' && <option value="sectionTitle">Section title</option>}
          {toolbar.style === 'other' && <option value="other">{toolbar.place === 'policyTitle' ? 'Policy title' : 'Other style'}</option>}
        </select>
      </div>
      <div className="toolbar-group" role="group" aria-label="Text">
        <ToolButton shortcut="bold" pressed={active.bold} enabled={can.bold} onRun={() => chain().toggleBold().run()}><b>B</b></ToolButton>
        <ToolButton shortcut="italic" pressed={active.italic} enabled={can.italic} onRun={() => chain().toggleItalic().run()}><i>I</i></ToolButton>
        <ToolButton shortcut="underline" pressed={active.underline} enabled={can.underline} onRun={() => chain().toggleUnderline().run()}><u>U</u></ToolButton>
      </div>
      <div className="toolbar-group" role="group" aria-label="Lists">
        <ToolButton shortcut="bulletList" pressed={active.bulletList} enabled={can.bulletList} onRun={() => chain().toggleBulletList().run()}><Icon name="bulletList" /></ToolButton>
        <ToolButton shortcut="orderedList" pressed={active.orderedList} enabled={can.orderedList} onRun={() => chain().toggleOrderedList().run()}><Icon name="orderedList" /></ToolButton>
      </div>
      <div className="toolbar-group" role="group" aria-label="Insert">
        <ToolButton shortcut="link" pressed={active.link} enabled={can.link} popup onRun={onOpenLink}><Icon name="link" /></ToolButton>
        <ToolButton label="Insert table" enabled={can.table} onRun={() => chain().insertTable(NEW_TABLE).run()}><Icon name="table" /></ToolButton>
        {toolbar.inTable && <TableMenu editor={editor} enabled={toolbar.table} headerRow={toolbar.headerRow} />}
      </div>
      <div className="toolbar-group" role="group" aria-label="History">
        <ToolButton shortcut="undo" enabled={can.undo} onRun={() => chain().undo().run()}><Icon name="undo" /></ToolButton>
        <ToolButton shortcut="redo" enabled={can.redo} onRun={() => chain().redo().run()}><Icon name="redo" /></ToolButton>
      </div>
      {reviewTools && (
        <div className="toolbar-group" role="group" aria-label="Review">
          {reviewTools}
        </div>
      )}
      <div className="toolbar-group toolbar-end">
        <ToolButton shortcut="shortcuts" enabled popup onRun={onOpenShortcuts}>?</ToolButton>
      </div>
    </div>
  );
}

/** The table menu, shown while the cursor is in a table: rows, columns, header row, delete. */
function TableMenu({ editor, enabled, headerRow }: { editor: Editor; enabled: Record<TableAction, boolean>; headerRow: boolean }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLElement>('[role^="menuitem"]:not([aria-disabled="true"])')?.focus();
    const onPointer = (event: MouseEvent) => {
      if (!menu.current?.contains(event.target as Node) && !button.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onPointer);
    return () => document.removeEventListener('mousedown', onPointer);
  }, [open]);

  const close = (focusButton: boolean) => {
    setOpen(false);
    if (focusButton) button.current?.focus();
  };
  const onMenuKey = (event: ReactKeyboardEvent) => {
    const items = [...(menu.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]') ?? [])];
    const index = items.indexOf(document.activeElement as HTMLElement);
    const next = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: items.length - 1 }[event.key];
    // Keys stay inside the menu: the toolbar's arrow keys must not move on from here.
    event.stopPropagation();
    if (event.key === 'Escape') {
      event.preventDefault();
      close(true);
    } else if (event.key === 'Tab') {
      event.preventDefault();
      close(true);
    } else if (next !== undefined) {
      event.preventDefault();
      items[(next + items.length) % items.length]?.focus();
    }
  };

  return (
    <div className="table-menu">
      <button
        ref={button}
        type="button"
        className="tool-button table-menu-button"
        data-toolbar-item=""
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label="Table options"
        data-tooltip="Table options: rows, columns, header row"
        onMouseDown={(event) => event.preventDefault()}
        onClick={() => setOpen(!open)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') {
            event.preventDefault();
            setOpen(true);
          }
        }}
      >
        Table <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div ref={menu} className="table-menu-list" role="menu" aria-label="Table options" onKeyDown={onMenuKey}>
          {TABLE_ACTIONS.map(({ action, label }) => (
            <button
              key={action}
              type="button"
              {...(action === 'toggleHeaderRow' ? { role: 'menuitemcheckbox', 'aria-checked': headerRow } : { role: 'menuitem' })}
              tabIndex={-1}
              className={action.startsWith('delete') ? 'danger-text' : undefined}
              aria-disabled={!enabled[action]}
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => {
                if (!enabled[action]) return;
                editor.chain().focus()[action]().run();
                setOpen(false);
              }}
            >
              {label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
