/** Caret colours readable on white and distinct from each other. */
const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#8A6D00', '#2B6CB0', '#6A3D9A', '#B83280'];

/** A person's caret colour, stable across sessions: derived from their account id. */
export function personColor(id: string): string {
  let hash = 0;
  for (const character of id) hash = (hash * 31 + character.charCodeAt(0)) >>> 0;
  return PALETTE[hash % PALETTE.length]!;
}
