import * as Y from 'yjs';
import { DOCUMENT_FIELD } from '../../shared/sections';

/**
 * What a client's update may do to a policy document, checked before it is applied, because
 * an update cannot be taken back out of a Y.Doc once applied (and whatever is applied is
 * stored and relayed). Cheap for almost every update: typing creates no element, and a few
 * new elements cannot break a limit while the document is well below it. Only near a limit,
 * or while the document holds back updates for missing dependencies, is the update tried on
 * a scratch copy of the document.
 */

const SECTION_NODE = 'policySection';

export type RuleBreak =
  /** A shared type the editor never creates (XmlHook, Map, Array, Text, a subdocument): server-side readers would fail on it. */
  | { rule: 'type'; detail: string }
  /** More sections than the limit (and more than before). */
  | { rule: 'sections'; detail: string; before: number; after: number }
  /** Elements nested deeper than the limit. */
  | { rule: 'depth'; detail: string };

export interface UpdateLimits {
  maxSections: number;
  maxDepth: number;
}

interface Census {
  /** New shared types (elements and texts) the update creates. */
  types: number;
  /** New section elements, wherever they go: an upper bound of the sections it adds. */
  sections: number;
  /** The first type that is not allowed, if any. */
  disallowed: string | null;
}

function census(structs: readonly unknown[]): Census {
  const result: Census = { types: 0, sections: 0, disallowed: null };
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue;
    const content = struct.content;
    if (content instanceof Y.ContentDoc) {
      result.disallowed ??= 'subdocument';
      continue;
    }
    if (!(content instanceof Y.ContentType)) continue;
    result.types += 1;
    const type = content.type;
    if (type instanceof Y.XmlElement) {
      if (type.nodeName === SECTION_NODE) result.sections += 1;
    } else if (!(type instanceof Y.XmlText)) {
      result.disallowed ??= type.constructor.name;
    }
  }
  return result;
}

/** Level of an integrated item: 1 for a child of a root type, 2 for its children, … */
function levelInDoc(item: Y.Item): number {
  let level = 1;
  let type = item.parent as Y.AbstractType<unknown> | null;
  while (type?._item) {
    level += 1;
    type = type._item.parent as Y.AbstractType<unknown> | null;
  }
  return level;
}

/** The integrated item with this id, or null when the document does not have it (yet). */
export function docItem(doc: Y.Doc, id: Y.ID | null): Y.Item | null {
  if (!id || id.clock >= Y.getState(doc.store, id.client)) return null;
  try {
    const struct = Y.getItem(doc.store, id) as Y.Item | Y.GC;
    return struct instanceof Y.Item ? struct : null;
  } catch {
    return null;
  }
}

/**
 * The deepest level any new type of the update can reach, from what the document already
 * holds: each new type sits one level below its parent, or beside its origin; types whose
 * parent is itself new can chain at most `types` levels further down.
 */
function depthUpperBound(doc: Y.Doc, structs: readonly unknown[], types: number): number {
  let deepestBase = 0;
  for (const struct of structs) {
    if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentType)) continue;
    const parent = struct.parent as Y.AbstractType<unknown> | Y.ID | null;
    let base = 0;
    if (parent instanceof Y.ID) {
      const holder = docItem(doc, parent);
      base = holder ? levelInDoc(holder) : 0;
    } else if (parent === null) {
      const sibling = docItem(doc, struct.origin) ?? docItem(doc, struct.rightOrigin);
      base = sibling ? levelInDoc(sibling) - 1 : 0;
    }
    deepestBase = Math.max(deepestBase, base);
  }
  return deepestBase + types;
}

/** Top-level sections and the deepest element level of a document's policy fragment. */
export function measure(doc: Y.Doc): { sections: number; depth: number } {
  const fragment = doc.getXmlFragment(DOCUMENT_FIELD);
  let sections = 0;
  let depth = 0;
  const stack: [Y.XmlElement | Y.XmlText, number][] = [];
  for (const node of fragment.toArray()) {
    if (node instanceof Y.XmlElement && node.nodeName === SECTION_NODE) sections += 1;
    if (node instanceof Y.XmlElement || node instanceof Y.XmlText) stack.push([node, 1]);
  }
  while (stack.length > 0) {
    const [node, level] = stack.pop()!;
    depth = Math.max(depth, level);
    if (node instanceof Y.XmlElement) {
      for (const child of node.toArray()) if (child instanceof Y.XmlElement || child instanceof Y.XmlText) stack.push([child, level + 1]);
    }
  }
  return { sections, depth };
}

/** Sections at the top level of a policy document (what readSections reads). */
export function topLevelSectionCount(doc: Y.Doc): number {
  let count = 0;
  for (const node of doc.getXmlFragment(DOCUMENT_FIELD).toArray()) {
    if (node instanceof Y.XmlElement && node.nodeName === SECTION_NODE) count += 1;
  }
  return count;
}

/**
 * Whether applying `update` (already decoded into `decoded`) to `doc` would break a rule.
 * Nothing is applied to `doc`. Throws when the update cannot be applied at all.
 */
export function checkUpdate(doc: Y.Doc, update: Uint8Array, decoded: { structs: readonly unknown[] }, limits: UpdateLimits): RuleBreak | null {
  const incoming = census(decoded.structs);
  if (incoming.disallowed) return { rule: 'type', detail: `the document may only hold XML elements and text, not ${incoming.disallowed}` };

  // Updates the document holds back for missing dependencies may integrate along with this one.
  const pending = doc.store.pendingStructs;
  let heldBack: Census = { types: 0, sections: 0, disallowed: null };
  if (pending) {
    try {
      heldBack = census(Y.decodeUpdateV2(pending.update).structs);
    } catch {
      heldBack = { types: Number.POSITIVE_INFINITY, sections: Number.POSITIVE_INFINITY, disallowed: null };
    }
  }
  if (incoming.types === 0 && heldBack.types === 0) return null;

  let precise = heldBack.types > 0;
  let sectionsBefore = -1;
  if (!precise && incoming.sections > 0) {
    sectionsBefore = topLevelSectionCount(doc);
    precise = sectionsBefore + incoming.sections > limits.maxSections;
  }
  if (!precise) precise = depthUpperBound(doc, decoded.structs, incoming.types) > limits.maxDepth;
  if (!precise) return null;

  const scratch = new Y.Doc({ gc: true });
  try {
    // encodeStateAsUpdate carries the held-back structs and deletions too.
    Y.applyUpdate(scratch, Y.encodeStateAsUpdate(doc));
    const before = sectionsBefore >= 0 ? sectionsBefore : topLevelSectionCount(doc);
    Y.applyUpdate(scratch, update);
    const after = measure(scratch);
    if (after.sections > limits.maxSections && after.sections > before) {
      return { rule: 'sections', detail: `would give ${after.sections} sections (limit ${limits.maxSections}, now ${before})`, before, after: after.sections };
    }
    if (after.depth > limits.maxDepth) return { rule: 'depth', detail: `would nest elements ${after.depth} levels deep (limit ${limits.maxDepth})` };
    return null;
  } finally {
    scratch.destroy();
  }
}

/** Bytes of updates a document holds back for missing dependencies: memory that no stored byte accounts for. */
export function heldBackBytes(doc: Y.Doc): number {
  return (doc.store.pendingStructs?.update.byteLength ?? 0) + (doc.store.pendingDs?.byteLength ?? 0);
}
