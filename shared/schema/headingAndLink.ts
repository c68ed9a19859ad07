import { InputRule } from '@tiptap/core';
import Heading from '@tiptap/extension-heading';
import Link from '@tiptap/extension-link';

/**
 * Headings of a policy: level 2 is a section's title (always its first child), level 3 a
 * subheading inside its text. Typing "## " or "### " at the start of a paragraph in a section's
 * text makes a subheading; it never makes a level-2 heading that looks like a section title but
 * is not one, and it never changes a section's title.
 */
export const PolicyHeading = Heading.extend({
  addInputRules() {
    return [
      new InputRule({
        find: /^#{2,3}\s$/,
        handler: ({ state, range }) => {
          const $start = state.doc.resolve(range.from);
          if ($start.parent.type.name !== 'paragraph' || $start.depth < 2) return null;
          if (!$start.node(-1).canReplaceWith($start.index(-1), $start.indexAfter(-1), this.type)) return null;
          state.tr.delete(range.from, range.to).setBlockType(range.from, range.from, this.type, { level: 3 });
          return undefined;
        },
      }),
    ];
  },
});

/**
 * Links that end where they end: TipTap makes a link "inclusive" when autolink is on, so text
 * typed right after a link joined it. Autolink (a typed address becomes a link) stays on.
 */
export const PolicyLink = Link.extend({
  inclusive() {
    return false;
  },
});
