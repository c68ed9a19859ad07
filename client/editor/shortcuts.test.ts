import { describe, expect, test } from 'vitest';
import { ariaKeyShortcut, SHORTCUT_GROUPS, SHORTCUTS, shortcutText, tooltipText } from './shortcuts';

describe('shortcuts', () => {
  test('Ctrl on Windows and Linux, symbols in Apple order on a Mac', () => {
    expect(shortcutText(SHORTCUTS.bulletList, false)).toBe('Ctrl+Shift+8');
    expect(shortcutText(SHORTCUTS.bulletList, true)).toBe('⇧⌘8');
    expect(shortcutText(SHORTCUTS.subheading, true)).toBe('⌥⌘3');
    expect(shortcutText(SHORTCUTS.redo, false)).toBe('Ctrl+Y');
    expect(shortcutText(SHORTCUTS.redo, true)).toBe('⇧⌘Z');
    expect(tooltipText('bold', false)).toBe('Bold (Ctrl+B)');
  });

  test('aria-keyshortcuts uses the names the ARIA spec gives', () => {
    expect(ariaKeyShortcut(SHORTCUTS.link, false)).toBe('Control+K');
    expect(ariaKeyShortcut(SHORTCUTS.link, true)).toBe('Meta+K');
    expect(ariaKeyShortcut(SHORTCUTS.focusToolbar, false)).toBe('Alt+F10');
  });

  test('the shortcut list shows every shortcut once', () => {
    const listed = SHORTCUT_GROUPS.flatMap((group) => group.ids);
    expect([...listed].sort()).toEqual(Object.keys(SHORTCUTS).sort());
    expect(new Set(listed).size).toBe(listed.length);
  });
});
