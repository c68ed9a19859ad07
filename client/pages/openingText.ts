import { PLACEHOLDER_IN_TEXT, placeholderDefinition } from '../../shared/placeholders';

/** Characters of each section's text the template preview shows before the full policy is created. */
const OPENING_LENGTH = 260;

/**
 * The start of a section's text, cut at a word: the organization's name and what was typed into
 * the fill-in form in place of their blanks, "[Legal contact]" for a blank still empty, and a
 * dash after a line with no closing mark (a subheading), so it does not run into the next.
 */
export function openingText(text: string, organization: string, values: Readonly<Record<string, string>> = {}): string {
  const filled = text
    .replace(/\{\{\s*organization\s*\}\}/g, organization.trim() || 'your organization')
    .replace(PLACEHOLDER_IN_TEXT, (_whole, name: string) => (Object.hasOwn(values, name) ? values[name]!.trim() : '') || `[${placeholderDefinition(name)?.label ?? name}]`)
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line, index, lines) => (index < lines.length - 1 && !/[.!?:;…)\]”"’]$/.test(line) ? `${line} —` : line))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (filled.length <= OPENING_LENGTH) return filled;
  const cut = filled.lastIndexOf(' ', OPENING_LENGTH);
  return `${filled.slice(0, cut > 0 ? cut : OPENING_LENGTH)}…`;
}
