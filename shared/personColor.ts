/**
 * Caret and avatar colours: ten hues far enough apart to tell apart at a glance (CIEDE76
 * distance 20 or more between any two), each dark enough for white label text and for text on
 * white (contrast 5:1 or more both ways).
 */
export const PERSON_COLORS = ['#0062B8', '#00756F', '#2E7D32', '#6B6B00', '#8B4513', '#C2410C', '#C0262D', '#B0306A', '#7B3FB5', '#455A64'] as const;

function hash(text: string): number {
  // FNV-1a: spreads similar ids (same prefix, one character apart) over the palette.
  let value = 0x811c9dc5;
  for (const character of text) value = Math.imul(value ^ character.charCodeAt(0), 0x01000193) >>> 0;
  return value;
}

/** A person's preferred colour, stable across sessions: derived from their account id. */
export function personColor(id: string): string {
  return PERSON_COLORS[hash(id) % PERSON_COLORS.length]!;
}

/** Someone in a room as presence shows them: the name and colour the server gave their connection. */
export interface PresentPerson {
  name: string;
  color: string;
  department?: string;
}

/** One key per person in a room: several tabs of one person are one person. */
export function personKey(person: PresentPerson): string {
  return `${person.name}\u0000${person.department ?? ''}\u0000${person.color}`;
}

/**
 * The colour each person in a room is shown in, so no two share one while the palette lasts.
 * Everyone keeps their own colour unless someone earlier in a fixed order (by key) already
 * has it; then they take the next free colour after it. Every browser in the room sees the
 * same people, so every browser computes the same colours, and a person keeps theirs in any
 * room where nobody else has it.
 */
export function roomColors(people: Iterable<PresentPerson>): Map<string, string> {
  const unique = new Map<string, PresentPerson>();
  for (const person of people) unique.set(personKey(person), person);
  const keys = [...unique.keys()].sort();
  const used = new Set<string>();
  const colors = new Map<string, string>();
  // First pass: everyone whose colour nobody earlier has keeps it; second: the rest move on.
  const moving: string[] = [];
  for (const key of keys) {
    const color = unique.get(key)!.color;
    if (used.has(color)) moving.push(key);
    else {
      used.add(color);
      colors.set(key, color);
    }
  }
  for (const key of moving) {
    const wanted = unique.get(key)!.color;
    const start = Math.max(0, PERSON_COLORS.indexOf(wanted as (typeof PERSON_COLORS)[number]));
    const free = PERSON_COLORS.map((_, offset) => PERSON_COLORS[(start + offset) % PERSON_COLORS.length]!).find((color) => !used.has(color));
    // More people than colours: share, but spread the sharing over the palette.
    const color = free ?? PERSON_COLORS[hash(key) % PERSON_COLORS.length]!;
    used.add(color);
    colors.set(key, color);
  }
  return colors;
}
