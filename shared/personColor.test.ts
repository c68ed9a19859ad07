import { describe, expect, it } from 'vitest';
import { PERSON_COLORS, personColor, personKey, roomColors, type PresentPerson } from './personColor';

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((index) => {
    const channel = parseInt(hex.slice(index, index + 2), 16) / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

describe('person colours', () => {
  it('are readable: white label text on each, and each as text on white, at 4.5:1 or more', () => {
    for (const color of PERSON_COLORS) expect(1.05 / (luminance(color) + 0.05)).toBeGreaterThanOrEqual(4.5);
    expect(new Set(PERSON_COLORS).size).toBe(PERSON_COLORS.length);
  });

  it('are stable per account', () => {
    expect(personColor('account-1')).toBe(personColor('account-1'));
    expect(PERSON_COLORS).toContain(personColor('account-1'));
  });

  it('give people in one room different colours, the same in every browser', () => {
    const ada: PresentPerson = { name: 'Ada', department: 'legal', color: PERSON_COLORS[0] };
    const bo: PresentPerson = { name: 'Bo', department: 'hr', color: PERSON_COLORS[0] };
    const cy: PresentPerson = { name: 'Cy', department: 'it', color: PERSON_COLORS[1] };
    const one = roomColors([ada, bo, cy]);
    const other = roomColors([cy, bo, ada, ada]);
    expect(one).toEqual(other);
    expect(new Set(one.values()).size).toBe(3);
    // Ada (first by key) keeps hers, Cy keeps his, Bo moves to the next free colour.
    expect(one.get(personKey(ada))).toBe(PERSON_COLORS[0]);
    expect(one.get(personKey(cy))).toBe(PERSON_COLORS[1]);
    expect(one.get(personKey(bo))).toBe(PERSON_COLORS[2]);
    // Alone, Bo has his own colour back.
    expect(roomColors([bo]).get(personKey(bo))).toBe(PERSON_COLORS[0]);
  });

  it('keep distinct colours up to the size of the palette', () => {
    const people = Array.from({ length: PERSON_COLORS.length }, (_, index) => ({ name: `Person ${index}`, color: PERSON_COLORS[3] }));
    expect(new Set(roomColors(people).values()).size).toBe(PERSON_COLORS.length);
  });

  it('spread 50 seeded accounts over every colour', () => {
    const used = new Set(Array.from({ length: 50 }, (_, index) => personColor(`user-${index}`)));
    expect(used.size).toBe(PERSON_COLORS.length);
  });
});
