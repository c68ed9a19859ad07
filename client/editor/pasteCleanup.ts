import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { cleanPastedHtml } from '../../shared/paste/cleanPastedHtml';

/**
 * Cleans HTML pasted from Word, Google Docs and web pages before the editor parses it: lists
 * (Word's list paragraphs too), tables, sub-headings, bold, italic, underline and links stay;
 * styles, fonts, colours, comments and images go. HTML copied from this editor is left alone,
 * so a copied section keeps its id and owner for the server to repair.
 */
export const PasteCleanup = Extension.create({
  name: 'pasteCleanup',

  addProseMirrorPlugins() {
    const parser = new DOMParser();
    return [
      new Plugin({
        key: new PluginKey('pasteCleanup'),
        props: {
          transformPastedHTML: (html) => cleanPastedHtml(html, (source) => parser.parseFromString(source, 'text/html')),
        },
      }),
    ];
  },
});
