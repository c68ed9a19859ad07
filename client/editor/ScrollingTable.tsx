import { useEffect, useRef, type ReactNode } from 'react';
import { TableScrollRegion } from './tableScrollRegion';

/**
 * A read-only table in a box that scrolls sideways when the table is wider than it; the box is a
 * named region in the Tab order only while it scrolls (TableScrollRegion). `label` names it,
 * usually tableRegionLabel of the header row.
 */
export function ScrollingTable({ label, children }: { label: string; children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  const table = useRef<HTMLTableElement>(null);
  const region = useRef<TableScrollRegion | null>(null);
  const firstLabel = useRef(label);

  useEffect(() => {
    if (!box.current || !table.current) return;
    const watched = new TableScrollRegion(box.current, table.current, firstLabel.current);
    region.current = watched;
    return () => {
      watched.disconnect();
      region.current = null;
    };
    // Made once per mount; a new label is passed on below without measuring again.
  }, []);
  useEffect(() => region.current?.setLabel(label), [label]);

  return (
    <div ref={box} className="table-scroll-region">
      <table ref={table}>{children}</table>
    </div>
  );
}
