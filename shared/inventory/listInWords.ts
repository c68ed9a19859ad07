/**
 * Joins items the way a sentence would: "A", "A and B", "A, B and C".
 * Findings and validation messages are read by people, not parsed, so lists read as prose.
 */
export function listInWords(items: readonly string[], conjunction: 'and' | 'or' = 'and'): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}
