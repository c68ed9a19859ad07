import type { JSONContent } from '@tiptap/core';
import * as Y from 'yjs';
import { DOCUMENT_FIELD, nodeText, readSection, type SectionInfo, type SectionRequirement } from '../../shared/sections';

const SECTION = 'policySection';
const TITLE = 'title';

/** y-prosemirror keeps overlapping marks of one type apart by a hash suffix on the attribute name. */
const HASHED_MARK_NAME = /(.*)(--[a-zA-Z0-9+/=]{8})$/;

/**
 * ProseMirror JSON of one element of the document, exactly as `yXmlFragmentToProsemirrorJSON`
 * (shared/sections' `yDocToJSON`) gives it inside the whole document.
 */
export function yElementToJSON(element: Y.XmlElement): JSONContent {
  const node: JSONContent = { type: element.nodeName };
  const attrs = element.getAttributes();
  if (Object.keys(attrs).length) node.attrs = attrs;
  const children = element.toArray();
  if (children.length) node.content = children.flatMap((child) => (child instanceof Y.XmlText ? textToJSON(child) : child instanceof Y.XmlElement ? [yElementToJSON(child)] : []));
  return node;
}

function textToJSON(text: Y.XmlText): JSONContent[] {
  return (text.toDelta() as { insert: string; attributes?: Record<string, Record<string, unknown>> }[]).map((delta) => {
    const node: JSONContent = { type: 'text', text: delta.insert };
    if (delta.attributes) {
      node.marks = Object.keys(delta.attributes).map((name) => ({ type: HASHED_MARK_NAME.exec(name)?.[1] ?? name, attrs: delta.attributes![name]! }));
    }
    return node;
  });
}

/** What changed in the document since the last `takeChanges`. */
export interface DocumentChanges {
  /** Sections were added, removed or moved, or a section's own attributes (id, owner, approvers mirror) were rewritten. */
  structural: boolean;
  /** The policy's title changed. */
  title: boolean;
  /** Ids of the sections whose content changed. */
  sections: Set<string>;
}

interface CachedSection {
  info: SectionInfo;
  /** The server's requirement the hash was computed with (undefined: the document's mirror was used). */
  held: SectionRequirement | undefined;
}

/** Whether two requirements of a section are the same (undefined: the document's mirror was used). */
export function sameHeld(a: SectionRequirement | undefined, b: SectionRequirement | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.owner !== b.owner || a.approvers.length !== b.approvers.length) return false;
  return a.approvers.every((id, index) => id === b.approvers[index]);
}

/**
 * The sections of one live document, read incrementally: each section's `SectionInfo` (text,
 * content, canonical hash) is kept until the document's observers see a change inside that
 * section, so reading the sections after an edit serializes and hashes only the edited ones.
 * Entries are keyed by the section's Y.XmlElement, so adding, removing or moving sections
 * (a move in Yjs is a delete and an insert) needs no bookkeeping beyond reading the top level.
 */
export class SectionIndex {
  private readonly fragment: Y.XmlFragment;
  private cache = new Map<Y.XmlElement, CachedSection>();
  private titleCache: { element: Y.XmlElement; text: string } | null = null;
  private changes: DocumentChanges = { structural: false, title: false, sections: new Set() };

  constructor(readonly doc: Y.Doc) {
    this.fragment = doc.getXmlFragment(DOCUMENT_FIELD);
    this.fragment.observeDeep(this.observe);
  }

  private readonly observe = (events: Y.YEvent<Y.AbstractType<unknown>>[]): void => {
    for (const event of events) {
      const target = event.target as Y.AbstractType<unknown>;
      if ((target as unknown) === this.fragment) {
        this.changes.structural = true;
        continue;
      }
      let top = target;
      while (top._item && top._item.parent !== this.fragment) top = top._item.parent as Y.AbstractType<unknown>;
      if (!(top instanceof Y.XmlElement) || !top._item) {
        this.changes.structural = true;
        continue;
      }
      this.cache.delete(top);
      if (this.titleCache?.element === top) this.titleCache = null;
      if (top.nodeName !== SECTION) {
        this.changes.title = true;
      } else if (top === target && event instanceof Y.YXmlEvent && event.attributesChanged.size > 0) {
        this.changes.structural = true;
      } else {
        const id = top.getAttribute('id');
        if (typeof id === 'string') this.changes.sections.add(id);
        else this.changes.structural = true;
      }
    }
  };

  /** Every section in document order, as `readSections(yDocToJSON(doc), requirements)` reads them. */
  sections(requirements?: (sectionId: string) => SectionRequirement | undefined): SectionInfo[] {
    const next = new Map<Y.XmlElement, CachedSection>();
    const sections: SectionInfo[] = [];
    for (const child of this.fragment.toArray()) {
      if (!(child instanceof Y.XmlElement) || child.nodeName !== SECTION) continue;
      let entry = this.cache.get(child);
      if (entry && requirements && !sameHeld(entry.held, requirements(entry.info.id))) entry = undefined;
      if (!entry) {
        const info = readSection(yElementToJSON(child), requirements);
        entry = { info, held: requirements?.(info.id) };
      }
      next.set(child, entry);
      sections.push(entry.info);
    }
    this.cache = next;
    return sections;
  }

  /** The policy's title (untrimmed), as `readTitle(yDocToJSON(doc))` reads it. */
  title(): string {
    const element = this.fragment.toArray().find((child): child is Y.XmlElement => child instanceof Y.XmlElement && child.nodeName === TITLE);
    if (!element) return '';
    if (this.titleCache?.element !== element) this.titleCache = { element, text: nodeText(yElementToJSON(element)) };
    return this.titleCache.text;
  }

  /** What changed since the last call (or since the index was made). */
  takeChanges(): DocumentChanges {
    const changes = this.changes;
    this.changes = { structural: false, title: false, sections: new Set() };
    return changes;
  }

  dispose(): void {
    this.fragment.unobserveDeep(this.observe);
    this.cache.clear();
  }
}

const indexes = new WeakMap<Y.Doc, SectionIndex>();

/** The section index of a live document, made on first use; it lives as long as the document. */
export function sectionIndexOf(doc: Y.Doc): SectionIndex {
  let index = indexes.get(doc);
  if (!index) indexes.set(doc, (index = new SectionIndex(doc)));
  return index;
}

/** The document's index if one was made already (its changes are known only from then on). */
export function existingSectionIndex(doc: Y.Doc): SectionIndex | undefined {
  return indexes.get(doc);
}
