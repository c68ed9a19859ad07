import { Node } from '@tiptap/core';

/** A policy document is its title followed by one or more sections; nothing else sits at the top level. */
export const PolicyDocument = Node.create({
  name: 'doc',
  topNode: true,
  content: 'title policySection+',
});
