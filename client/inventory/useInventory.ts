import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { inventoryFindings, inventoryLimitNotice, inventoryMap, readInventory, type Finding, type InventoryEntry } from '../../shared/inventory';
import { readSectionsFromYDoc } from '../../shared/sections';
import { useDepartments } from '../departments';

interface InventoryState {
  entries: InventoryEntry[];
  findings: Finding[];
  invalid: string[];
  /** Said when the inventory holds more entries than the findings look at. */
  notice: string | null;
}

/** The inventory entries and findings of a shared document, recomputed whenever anyone changes either. */
export function useInventory(doc: Y.Doc | null): InventoryState {
  const [state, setState] = useState<InventoryState>({ entries: [], findings: [], invalid: [], notice: null });
  const departments = useDepartments();
  useEffect(() => {
    if (!doc) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const read = () => {
      timer = null;
      const { entries, invalid } = readInventory(doc);
      setState({ entries, invalid, findings: inventoryFindings(entries, readSectionsFromYDoc(doc), departments), notice: inventoryLimitNotice(entries.length) });
    };
    const schedule = () => {
      timer ??= setTimeout(read, 100);
    };
    read();
    doc.on('update', schedule);
    return () => {
      doc.off('update', schedule);
      if (timer) clearTimeout(timer);
    };
  }, [doc, departments]);
  return state;
}

/** Adds or replaces an entry in the shared inventory. */
export function saveEntry(doc: Y.Doc, entry: InventoryEntry): void {
  const { id, ...fields } = entry;
  inventoryMap(doc).set(id, fields);
}

export function deleteEntry(doc: Y.Doc, id: string): void {
  inventoryMap(doc).delete(id);
}
