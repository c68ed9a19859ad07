import './tableScroll.css';

/** How many characters of each header cell a table's name keeps, so a long header stays a name. */
const HEADER_WORDS = 40;

/**
 * The accessible name of a table's scrolling box: its column headers when its first row has
 * them ("Table: Kind of post, Who drafts, …"), otherwise a plain description.
 */
export function tableRegionLabel(headers: readonly string[] | null): string {
  const names = (headers ?? []).map((header) => header.replace(/\s+/g, ' ').trim().slice(0, HEADER_WORDS)).filter(Boolean);
  return names.length ? `Table: ${names.join(', ')}` : 'Table, scrolls sideways';
}

const regions = new WeakMap<Element, TableScrollRegion>();
let resizes: ResizeObserver | null = null;

/** One observer for every table on the page: a size change re-checks only the tables it concerns. */
function resizeObserver(): ResizeObserver {
  resizes ??= new ResizeObserver((entries) => {
    const touched = new Set<TableScrollRegion>();
    for (const entry of entries) {
      const region = regions.get(entry.target);
      if (region) touched.add(region);
    }
    for (const region of touched) region.check();
  });
  return resizes;
}

/**
 * Makes a box that scrolls a wide table sideways reachable by keyboard (WCAG 2.1.1, axe's
 * scrollable-region-focusable): while the table is wider than the box, and the box is not inside
 * text the person is editing, it is a named region in the Tab order, so the arrow keys scroll
 * it. Where the person edits, the caret already scrolls the box, and a focusable box would take
 * focus from the caret on a click, so it stays out of the Tab order. The box and the table are
 * re-measured when either changes size (window resize, a row or words added), not per keystroke.
 */
export class TableScrollRegion {
  private focusable = false;
  private frame: number | null = null;

  constructor(
    private readonly box: HTMLElement,
    private readonly table: HTMLElement,
    private label: string,
  ) {
    box.classList.add('table-scroll-region');
    regions.set(box, this);
    regions.set(table, this);
    resizeObserver().observe(box);
    resizeObserver().observe(table);
    // A section off screen may not be laid out yet, so nothing resizes: measure once it is in the page.
    this.frame = requestAnimationFrame(() => {
      this.frame = null;
      this.check();
    });
  }

  /** The name to announce, e.g. after the header row changed. */
  setLabel(label: string): void {
    if (label === this.label) return;
    this.label = label;
    if (this.focusable) this.box.setAttribute('aria-label', label);
  }

  /** Measures the box and puts it in or out of the Tab order. */
  check(): void {
    if (!this.box.isConnected) return;
    this.show(!this.box.isContentEditable && this.box.scrollWidth > this.box.clientWidth);
  }

  private show(focusable: boolean): void {
    if (focusable === this.focusable) return;
    this.focusable = focusable;
    if (focusable) {
      this.box.setAttribute('tabindex', '0');
      this.box.setAttribute('role', 'region');
      this.box.setAttribute('aria-label', this.label);
    } else {
      this.box.removeAttribute('tabindex');
      this.box.removeAttribute('role');
      this.box.removeAttribute('aria-label');
    }
  }

  /** Stops watching and takes the box out of the Tab order. */
  disconnect(): void {
    this.show(false);
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    resizeObserver().unobserve(this.box);
    resizeObserver().unobserve(this.table);
    regions.delete(this.box);
    regions.delete(this.table);
  }
}
