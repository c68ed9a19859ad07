import { z } from 'zod/mini';

/** Control characters (NUL, escape, …) other than tab and line breaks: invisible, or shown as ▯. */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** For names and titles people read: refuses control characters, which no keyboard types on purpose. */
export const withoutControlCharacters = () => z.refine<string>((value) => !CONTROL_CHARACTERS.test(value), 'remove the invisible control characters (such as NUL) from it');

/** Runs of control characters and of spaces, tabs or line breaks (tabs and line breaks are both). */
const CONTROL_OR_SPACE = new RegExp(`(?:${CONTROL_CHARACTERS.source}|\\s)+`, 'g');

/**
 * A title typed into the document as the policy list shows it: control characters and runs of
 * spaces, tabs or line breaks become one space, and it is cut to `max` characters.
 */
export function listTitle(text: string, max: number): string {
  const clean = text.replace(CONTROL_OR_SPACE, ' ').trim();
  return clean.length <= max ? clean : `${clean.slice(0, max - 1).trimEnd()}…`;
}
