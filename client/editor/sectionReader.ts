import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { nodeText, readSections, type SectionInfo } from '../../shared/sections';

/** The title and sections of one version of the document. */
export interface PolicyReading {
  title: string;
  sections: readonly SectionInfo[];
}

/**
 * Reads the sections out of successive versions of the editor's document, doing the work
 * (JSON, text, canonical hash) only for sections that changed. ProseMirror shares every
 * unchanged node between versions, so a top-level node seen before is the same section as
 * before; each new node is read by `readSections` itself, so the result is exactly what
 * `readSections(doc.toJSON())` gives.
 */
export class SectionReader {
  private readonly known = new WeakMap<ProseMirrorNode, SectionInfo>();
  private titleNode: ProseMirrorNode | null = null;
  private last: PolicyReading = { title: '', sections: [] };

  /** The reading of `doc`; the same object as last time when no section and not the title changed. */
  read(doc: ProseMirrorNode): PolicyReading {
    const sections: SectionInfo[] = [];
    let titleNode: ProseMirrorNode | null = null;
    let same = true;
    doc.forEach((node) => {
      if (node.type.name === 'title') {
        titleNode ??= node;
        return;
      }
      if (node.type.name !== 'policySection') return;
      let section = this.known.get(node);
      if (!section) {
        section = readSections({ type: 'doc', content: [node.toJSON()] })[0]!;
        this.known.set(node, section);
      }
      if (this.last.sections[sections.length] !== section) same = false;
      sections.push(section);
    });
    if (same && sections.length === this.last.sections.length && titleNode === this.titleNode) return this.last;
    const title = titleNode === this.titleNode ? this.last.title : titleNode ? nodeText((titleNode as ProseMirrorNode).toJSON()) : '';
    this.titleNode = titleNode;
    const keepList = same && sections.length === this.last.sections.length;
    this.last = { title, sections: keepList ? this.last.sections : sections };
    return this.last;
  }
}
