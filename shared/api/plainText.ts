import { z } from 'zod/mini';

/** Control characters (NUL, escape, …) other than tab and line breaks: invisible, or shown as ▯. */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** For names and titles people read: refuses control characters, which no keyboard types on purpose. */
export const withoutControlCharacters = () => z.refine<string>((value) => !CONTROL_CHARACTERS.test(value), 'remove the invisible control characters (such as NUL) from it');
