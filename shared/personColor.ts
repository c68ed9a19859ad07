/** Caret colours distinct from each other, readable on white and under white text (contrast 4.5:1 or more both ways). */
const PALETTE = ['#0072B2', '#A84A00', '#00795A', '#A6467C', '#8A6D00', '#2B6CB0', '#6A3D9A', '#B83280'];

/** A person's caret colour, stable across sessions: derived from their account id. */
export function personColor(id: string): string {
  let hash = 0;
  for (const character of id) hash = (hash * 31 + character.charCodeAt(0)) >>> 0;
  return PALETTE[hash % PALETTE.length]!;
}
