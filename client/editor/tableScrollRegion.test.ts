import { describe, expect, it } from 'vitest';
import { tableRegionLabel } from './tableScrollRegion';

describe('tableRegionLabel', () => {
  it('names a table by its header row', () => {
    expect(tableRegionLabel(['Kind of post', 'Who drafts', 'Who approves', 'How fast'])).toBe('Table: Kind of post, Who drafts, Who approves, How fast');
  });

  it('squeezes spaces, drops empty headers and shortens long ones', () => {
    expect(tableRegionLabel(['  Role \n', '', 'Contact'])).toBe('Table: Role, Contact');
    expect(tableRegionLabel(['x'.repeat(60)])).toBe(`Table: ${'x'.repeat(40)}`);
  });

  it('describes a table without a header row', () => {
    expect(tableRegionLabel(null)).toBe('Table, scrolls sideways');
    expect(tableRegionLabel(['', ' '])).toBe('Table, scrolls sideways');
  });
});
