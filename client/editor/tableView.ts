import type { AnyExtension } from '@tiptap/core';
import { TableView } from '@tiptap/extension-table';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import type { EditorView } from '@tiptap/pm/view';
import { TableScrollRegion, tableRegionLabel } from './tableScrollRegion';

/** The header row's words, or null when the first row is not a header row. */
function headerCells(table: ProseMirrorNode): string[] | null {
  const row = table.firstChild;
  if (!row || row.childCount === 0) return null;
  const cells: string[] = [];
  let allHeaders = true;
  row.forEach((cell) => {
    if (cell.type.name !== 'tableHeader') allHeaders = false;
    cells.push(cell.textContent);
  });
  return allHeaders ? cells : null;
}

/** How many columns the table has (its first row's cells, counting spans). */
function columnCount(table: ProseMirrorNode): number {
  let columns = 0;
  table.firstChild?.forEach((cell) => {
    columns += typeof cell.attrs.colspan === 'number' ? cell.attrs.colspan : 1;
  });
  return Math.max(columns, 1);
}

/** One observer per editor of its `contenteditable` attribute, shared by all of that editor's tables. */
const editableWatches = new WeakMap<HTMLElement, { observer: MutationObserver; regions: Set<TableScrollRegion> }>();

/** Re-checks `region` whenever the editor is locked or unlocked; returns the function that stops it. */
function watchEditable(editorDom: HTMLElement, region: TableScrollRegion): () => void {
  let watch = editableWatches.get(editorDom);
  if (!watch) {
    const regions = new Set<TableScrollRegion>();
    const observer = new MutationObserver(() => {
      for (const each of regions) each.check();
    });
    observer.observe(editorDom, { attributes: true, attributeFilter: ['contenteditable'] });
    editableWatches.set(editorDom, (watch = { observer, regions }));
  }
  const current = watch;
  current.regions.add(region);
  return () => {
    current.regions.delete(region);
    if (current.regions.size > 0) return;
    current.observer.disconnect();
    if (editableWatches.get(editorDom) === current) editableWatches.delete(editorDom);
  };
}

/**
 * TipTap's table view (a `div.tableWrapper` around the table) whose wrapper is a keyboard-reachable
 * scrolling region while the table overflows it and the text is read-only (TableScrollRegion).
 */
export class PolicyTableView extends TableView {
  private readonly region: TableScrollRegion;
  private readonly stopWatchingEditable: () => void;
  private headerRow: ProseMirrorNode | null;

  constructor(node: ProseMirrorNode, cellMinWidth: number, view: EditorView, HTMLAttributes?: Record<string, unknown>) {
    super(node, cellMinWidth, view, HTMLAttributes);
    this.headerRow = node.firstChild;
    this.dom.style.setProperty('--table-columns', String(columnCount(node)));
    this.region = new TableScrollRegion(this.dom, this.table, tableRegionLabel(headerCells(node)));
    // Locking or unlocking the editor (a viewer, access taken away) changes who may focus the box.
    this.stopWatchingEditable = watchEditable(view.dom, this.region);
  }

  override update(node: ProseMirrorNode): boolean {
    if (!super.update(node)) return false;
    // Rows share unchanged nodes between versions: the name is re-read only when the header row changed.
    if (node.firstChild !== this.headerRow) {
      this.headerRow = node.firstChild;
      this.dom.style.setProperty('--table-columns', String(columnCount(node)));
      this.region.setLabel(tableRegionLabel(headerCells(node)));
    }
    return true;
  }

  destroy(): void {
    this.stopWatchingEditable();
    this.region.disconnect();
  }
}

/** The editor's extensions with tables drawn by PolicyTableView (the browser only; the server draws none). */
export function withScrollingTables(extensions: AnyExtension[]): AnyExtension[] {
  return extensions.map((extension) => (extension.name === 'tableKit' ? extension.configure({ table: { View: PolicyTableView } }) : extension));
}
