import * as Y from 'yjs';
import * as CloseEvents from '../../shared/closeCodes';
import type { CloseEvent } from '../../shared/closeCodes';
import { randomId } from '../../shared/ids';
import { INVENTORY_FIELD } from '../../shared/inventory/inventoryDocument';
import { SECTION_ID_PATTERN } from '../../shared/protocol';
import { approversAttribute, approversFromAttribute, DOCUMENT_FIELD, type SectionRequirement } from '../../shared/sections';
import { docItem } from './updateRules';

/**
 * The structure of a policy document is guarded on the server, because a stock Yjs client can
 * write anything: owners, approvers and section ids are server data the document only mirrors;
 * a section can be deleted only by its owning department or an admin; the top level is the
 * title followed by sections; and no element outside the schema is stored.
 *
 * `inspectUpdate` runs before a client's update is applied (an update cannot be taken back
 * out of a Y.Doc) and costs a few look-ups per struct of the update. `reconcileSections` runs
 * after a structural update was applied and repairs what the server decides: ids of new
 * sections that copy an existing one, and owners of new sections.
 */

const SECTION = 'policySection';
const TITLE = 'title';
const PROTECTED_KEYS = new Set(['id', 'owner', 'approvers']);
const ROOTS = new Set([DOCUMENT_FIELD, INVENTORY_FIELD]);

/** What the guard asks of the server's records. */
export interface SectionRules {
  /** The server's requirement of a section that is in the document now. */
  requirement(sectionId: string): SectionRequirement | undefined;
  /** Whether the person sending the update may delete this section. */
  mayDelete(sectionId: string): boolean;
}

export type Inspection =
  | { refuse: true; close: CloseEvent; detail: string }
  | {
      refuse: false;
      /** The update adds or deletes top-level nodes: run reconcileSections after applying it. */
      structural: boolean;
      /** Top-level items before the update, to tell new sections from old ones afterwards. */
      before: ReadonlySet<Y.Item>;
      /** Sections the update deletes (and does not put back), with their titles before. */
      deleted: ReadonlyMap<string, string>;
    };

/** The structs of an update by client, sorted by clock, to find the one holding an id. */
class UpdateIndex {
  private readonly byClient = new Map<number, Y.Item[]>();

  constructor(structs: readonly unknown[]) {
    for (const struct of structs) {
      if (!(struct instanceof Y.Item)) continue;
      const list = this.byClient.get(struct.id.client) ?? [];
      list.push(struct);
      this.byClient.set(struct.id.client, list);
    }
  }

  find(id: Y.ID | null): Y.Item | null {
    if (!id) return null;
    const list = this.byClient.get(id.client);
    if (!list) return null;
    let low = 0;
    let high = list.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const item = list[middle]!;
      if (id.clock < item.id.clock) high = middle - 1;
      else if (id.clock >= item.id.clock + item.length) low = middle + 1;
      else return item;
    }
    return null;
  }
}

/** Where a new struct goes: under a type already in the document, under a new struct of the same update, or under a root. */
type Place = { parent: { doc: Y.AbstractType<unknown> } | { update: Y.Item } | { root: string } | null; key: string | null };

function placeOf(doc: Y.Doc, index: UpdateIndex, struct: Y.Item, memo: Map<Y.Item, Place>): Place {
  const known = memo.get(struct);
  if (known) return known;
  let place: Place = { parent: null, key: null };
  // An item whose neighbour is named carries no parent: it has its neighbour's. Follow the chain iteratively.
  const chain: Y.Item[] = [];
  let current: Y.Item | null = struct;
  while (current && !memo.has(current) && chain.length < 10_000) {
    chain.push(current);
    if (current.parent !== null) {
      const parent = current.parent as Y.ID | string;
      if (typeof parent === 'string') place = { parent: { root: parent }, key: current.parentSub };
      else {
        const holder = docItem(doc, parent);
        if (holder?.content instanceof Y.ContentType) place = { parent: { doc: holder.content.type }, key: current.parentSub };
        else {
          const fresh = index.find(parent);
          place = { parent: fresh ? { update: fresh } : null, key: current.parentSub };
        }
      }
      current = null;
      break;
    }
    const neighbourId = current.origin ?? current.rightOrigin;
    const inDoc = docItem(doc, neighbourId);
    if (inDoc) {
      place = { parent: { doc: inDoc.parent as Y.AbstractType<unknown> }, key: inDoc.parentSub };
      current = null;
      break;
    }
    current = index.find(neighbourId);
  }
  if (current && memo.has(current)) place = memo.get(current)!;
  for (const item of chain) memo.set(item, place);
  return place;
}

function elementName(item: Y.Item): string | null {
  return item.content instanceof Y.ContentType && item.content.type instanceof Y.XmlElement ? item.content.type.nodeName : null;
}

function attributeValue(item: Y.Item): unknown {
  if (item.content instanceof Y.ContentAny) return item.content.arr[item.content.arr.length - 1];
  if (item.content instanceof Y.ContentString) return item.content.str;
  return undefined;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');
}

/** The text of a section element's heading. */
export function sectionTitle(element: Y.XmlElement): string {
  const heading = element.get(0);
  return heading instanceof Y.XmlElement ? heading.toArray().map((child) => (child instanceof Y.XmlText ? child.toString().replace(/<[^>]*>/g, '') : '')).join('') : '';
}

function refuse(close: CloseEvent, detail: string): Inspection {
  return { refuse: true, close, detail };
}

/**
 * Whether a client's update may be applied to `doc`, by the rules of section structure.
 * `nodeNames` are the element names of the schema. Nothing is applied.
 */
export function inspectUpdate(doc: Y.Doc, decoded: ReturnType<typeof Y.decodeUpdate>, rules: SectionRules, nodeNames: ReadonlySet<string>): Inspection {
  const fragment = doc.getXmlFragment(DOCUMENT_FIELD);
  const index = new UpdateIndex(decoded.structs);
  const memo = new Map<Y.Item, Place>();

  let newSections = 0;
  let newTitles = 0;
  /** Ids given to sections created by this update, or written over an existing section's id. */
  const newIds = new Set<string>();
  /** Protected attributes the update writes on existing sections. */
  const writes: { element: Y.XmlElement; key: string; value: unknown }[] = [];

  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue;
    // A sync message carries structs the server already has (a client resends what it holds); applying them changes nothing.
    if (struct.id.clock + struct.length <= Y.getState(doc.store, struct.id.client)) continue;
    // Content created and deleted again before it reached us (offline work, a sync after it) arrives deleted: it adds nothing.
    if (struct.content instanceof Y.ContentDeleted) continue;
    const name = elementName(struct);
    if (name !== null && !nodeNames.has(name)) return refuse(CloseEvents.StructureRefused, `element <${name}> is not part of a policy`);
    const { parent, key } = placeOf(doc, index, struct, memo);
    if (parent && 'root' in parent && !ROOTS.has(parent.root)) return refuse(CloseEvents.StructureRefused, `unknown shared type "${parent.root}"`);
    const atTop = parent !== null && (('root' in parent && parent.root === DOCUMENT_FIELD) || ('doc' in parent && parent.doc === fragment));
    if (atTop) {
      if (key !== null || (name !== SECTION && name !== TITLE)) return refuse(CloseEvents.StructureRefused, 'only the title and sections may stand at the top level');
      if (name === SECTION) newSections += 1;
      else newTitles += 1;
      continue;
    }
    if (key === null || !PROTECTED_KEYS.has(key) || !parent) continue;
    if ('update' in parent) {
      if (key === 'id' && elementName(parent.update) === SECTION) {
        const value = attributeValue(struct);
        if (typeof value === 'string') newIds.add(value);
      }
      continue;
    }
    if (!('doc' in parent) || !(parent.doc instanceof Y.XmlElement) || parent.doc.nodeName !== SECTION || parent.doc._item?.deleted) continue;
    writes.push({ element: parent.doc, key, value: attributeValue(struct) });
  }

  // The editor binding may update a section in place with another section's content and id
  // (after a move or a paste across sections): the old id leaves, the new one arrives.
  const renamed = new Map<Y.XmlElement, string>();
  const deletedCandidates = new Map<string, string>();
  for (const write of writes) {
    const currentId = String(write.element.getAttribute('id') ?? '');
    if (write.key !== 'id' || write.value === currentId) continue;
    if (typeof write.value !== 'string') return refuse(CloseEvents.RequirementsLocked, `update clears the id of section ${currentId}`);
    renamed.set(write.element, write.value);
    newIds.add(write.value);
    deletedCandidates.set(currentId, sectionTitle(write.element));
  }
  for (const write of writes) {
    if (write.key === 'id') continue;
    const sectionId = renamed.get(write.element) ?? String(write.element.getAttribute('id') ?? '');
    // A section new to the server gets its owner from the server after the update; what it claims does not matter.
    const held = rules.requirement(sectionId);
    if (!held) continue;
    const unchanged = write.key === 'owner' ? write.value === held.owner : sameSet(approversFromAttribute(write.value), held.approvers);
    if (!unchanged) return refuse(CloseEvents.RequirementsLocked, `update sets "${write.key}" of section ${sectionId}`);
  }

  // Only what the update deletes is looked at, so typing costs the same in a long policy as in a short one.
  let titleDeleted = false;
  for (const item of deletedByUpdate(doc, decoded.ds)) {
    const parent = item.parent as Y.AbstractType<unknown>;
    if (parent === fragment) {
      const name = elementName(item);
      if (name === TITLE) titleDeleted = true;
      if (name !== SECTION) continue;
      const element = (item.content as Y.ContentType).type as Y.XmlElement;
      deletedCandidates.set(String(element.getAttribute('id') ?? ''), sectionTitle(element));
      continue;
    }
    // Removing a protected attribute (not writing it anew) would change what the section's mirror says.
    const key = item.parentSub;
    if (key === null || !PROTECTED_KEYS.has(key) || !(parent instanceof Y.XmlElement) || parent.nodeName !== SECTION) continue;
    if (parent._item?.parent !== fragment || Y.isDeleted(decoded.ds, parent._item.id) || parent._map.get(key) !== item) continue;
    if (!writes.some((write) => write.element === parent && write.key === key)) {
      return refuse(CloseEvents.RequirementsLocked, `update removes "${key}" of section ${String(parent.getAttribute('id') ?? '')}`);
    }
  }
  let hasTitle = false;
  if (newTitles > 0 || titleDeleted) {
    for (let item = fragment._start; item !== null; item = item.right) if (!item.deleted && elementName(item) === TITLE) hasTitle = true;
  }
  if (titleDeleted && newTitles === 0) return refuse(CloseEvents.StructureRefused, 'the title cannot be removed');
  if (newTitles > (hasTitle && !titleDeleted ? 0 : 1)) return refuse(CloseEvents.StructureRefused, 'a policy has one title');

  const deleted = new Map<string, string>();
  for (const [sectionId, title] of deletedCandidates) {
    // Deleted and put back in one update is a move (or a cut and paste), not a deletion.
    if (newIds.has(sectionId)) continue;
    if (!rules.mayDelete(sectionId)) return refuse(CloseEvents.SectionDeleteForbidden, `update deletes section ${sectionId}`);
    deleted.set(sectionId, title);
  }
  const structural = newSections > 0 || newTitles > 0 || deleted.size > 0 || newIds.size > 0;
  // The repair after a structural update tells new sections from old ones by this set.
  return { refuse: false, structural, before: structural ? topLevelItems(doc) : new Set(), deleted };
}

/** The items of the document that a delete set removes and that are not removed yet. */
function deletedByUpdate(doc: Y.Doc, ds: ReturnType<typeof Y.decodeUpdate>['ds']): Y.Item[] {
  const items: Y.Item[] = [];
  for (const [client, ranges] of ds.clients) {
    const structs = doc.store.clients.get(client);
    if (!structs) continue;
    const known = Y.getState(doc.store, client);
    for (const range of ranges) {
      if (range.clock >= known) continue;
      const end = range.clock + range.len;
      for (let index = Y.findIndexSS(structs, range.clock); index < structs.length && structs[index]!.id.clock < end; index += 1) {
        const struct = structs[index]!;
        if (struct instanceof Y.Item && !struct.deleted) items.push(struct);
      }
    }
  }
  return items;
}

/** The items at the top level of a policy document now: what `reconcileSections` treats as old. */
export function topLevelItems(doc: Y.Doc): Set<Y.Item> {
  const items = new Set<Y.Item>();
  for (let item = doc.getXmlFragment(DOCUMENT_FIELD)._start; item !== null; item = item.right) if (!item.deleted) items.add(item);
  return items;
}

/** What reconcileSections asks of, and tells, the server's records. */
export interface ReconcileRecords {
  /** The requirement of a section, removed or not. */
  find(sectionId: string): (SectionRequirement & { removed: boolean }) | undefined;
  /** A section appeared: a new one for the creator's department, or one that comes back as it was. */
  added(sectionId: string, title: string, element: Y.XmlElement): SectionRequirement;
  /** Sections the records hold as in the document. */
  activeIds(): Iterable<string>;
  removed(sectionId: string, title: string): void;
}

/**
 * After a structural update: gives new sections that copy an existing section's id (or have
 * none) a fresh id, registers new sections and removed ones with the records, and writes the
 * server's owner and approvers into every section's mirror that differs. Runs in one
 * transaction with `origin`, so the repair is stored and relayed with the change it repairs.
 * Returns the ids it added and removed.
 */
export function reconcileSections(
  doc: Y.Doc,
  before: ReadonlySet<Y.Item>,
  deletedTitles: ReadonlyMap<string, string>,
  records: ReconcileRecords,
  origin: unknown,
): { added: string[]; removed: string[] } {
  const fragment = doc.getXmlFragment(DOCUMENT_FIELD);
  const sections = fragment.toArray().filter((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === SECTION);
  const heldByOld = new Set<string>();
  for (const element of sections) {
    const id = element.getAttribute('id');
    if (element._item && before.has(element._item) && typeof id === 'string') heldByOld.add(id);
  }
  const added: string[] = [];
  const removed: string[] = [];
  doc.transact(() => {
    const seen = new Set<string>();
    for (const element of sections) {
      let id = element.getAttribute('id') as unknown;
      const isOld = element._item !== null && before.has(element._item);
      if (typeof id !== 'string' || !SECTION_ID_PATTERN.test(id) || seen.has(id) || (!isOld && heldByOld.has(id))) {
        id = randomId();
        element.setAttribute('id', id as string);
      }
      const sectionId = id as string;
      seen.add(sectionId);
      let requirement: SectionRequirement | undefined = records.find(sectionId);
      if (!requirement || records.find(sectionId)?.removed) {
        requirement = records.added(sectionId, sectionTitle(element), element);
        added.push(sectionId);
      }
      if (element.getAttribute('owner') !== requirement.owner) element.setAttribute('owner', requirement.owner);
      const approvers = approversAttribute(requirement.approvers);
      if (element.getAttribute('approvers') !== approvers) element.setAttribute('approvers', approvers);
    }
    for (const sectionId of [...records.activeIds()]) {
      if (seen.has(sectionId)) continue;
      records.removed(sectionId, deletedTitles.get(sectionId) ?? '');
      removed.push(sectionId);
    }
  }, origin);
  return { added, removed };
}

/** The top-level section element with this id, if the document has one. */
export function findSectionElement(doc: Y.Doc, sectionId: string): Y.XmlElement | undefined {
  return doc
    .getXmlFragment(DOCUMENT_FIELD)
    .toArray()
    .find((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === SECTION && node.getAttribute('id') === sectionId);
}

/** Writes the server's owner and approvers of one section into the document's mirror. */
export function mirrorRequirement(doc: Y.Doc, sectionId: string, requirement: SectionRequirement, origin: unknown): boolean {
  const element = findSectionElement(doc, sectionId);
  if (!element) return false;
  doc.transact(() => {
    if (element.getAttribute('owner') !== requirement.owner) element.setAttribute('owner', requirement.owner);
    const approvers = approversAttribute(requirement.approvers);
    if (element.getAttribute('approvers') !== approvers) element.setAttribute('approvers', approvers);
  }, origin);
  return true;
}
