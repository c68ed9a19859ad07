import { Node, mergeAttributes } from '@tiptap/core';

/** The policy's title: the first node of every policy document, plain text only. */
export const Title = Node.create({
  name: 'title',
  content: 'text*',
  marks: '',
  defining: true,

  parseHTML() {
    return [{ tag: 'h1[data-policy-title]' }];
  },

  renderHTML({ HTMLAttributes }) {
    return ['h1', mergeAttributes(HTMLAttributes, { 'data-policy-title': '', class: 'policy-title' }), 0];
  },
});
