import * as Y from 'yjs';

const SECTION = 'policySection';
const TITLE = 'title';

/**
 * Stands for the policy's title among the sections an update touched: the section author log
 * then says who last changed the title too (an audit entry on a rename names them). No section
 * id has this form.
 */
export const TITLE_KEY = '@title';

function sectionId(type: Y.AbstractType<unknown>): string | null {
  if (!(type instanceof Y.XmlElement) || type.nodeName !== SECTION) return null;
  const id = type.getAttribute('id');
  return typeof id === 'string' ? id : null;
}

/**
 * The ids of the sections a transaction changed: each changed type is followed up to the
 * section that holds it (a few steps), and sections new at the top level are found among the
 * policy's top-level items only when the top level itself changed.
 */
export function touchedSections(transaction: Y.Transaction, fragment: Y.XmlFragment): string[] {
  const ids = new Set<string>();
  for (const type of transaction.changed.keys()) {
    if ((type as unknown) === fragment) {
      for (let item = fragment._start; item !== null; item = item.right) {
        if (item.deleted || !(item.content instanceof Y.ContentType)) continue;
        if (item.id.clock < (transaction.beforeState.get(item.id.client) ?? 0)) continue;
        const id = sectionId(item.content.type);
        if (id) ids.add(id);
      }
      continue;
    }
    let current = type as Y.AbstractType<unknown>;
    while (current._item && current._item.parent !== fragment) current = current._item.parent as Y.AbstractType<unknown>;
    if (current._item) {
      const id = sectionId(current);
      if (id) ids.add(id);
      else if (current instanceof Y.XmlElement && current.nodeName === TITLE) ids.add(TITLE_KEY);
    }
  }
  return [...ids];
}
