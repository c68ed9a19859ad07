import type { JSONContent } from '@tiptap/core';
import { prosemirrorToYDoc } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { randomId } from '../../shared/ids';
import { policySchema } from '../../shared/schema/extensions';
import { DEFAULT_OWNER, DOCUMENT_FIELD } from '../../shared/sections';

const schema = policySchema();

/** A new policy with nothing in it yet: the title and one empty section. */
export function blankPolicyJSON(title: string, owner = DEFAULT_OWNER): JSONContent {
  return {
    type: 'doc',
    content: [
      { type: 'title', content: title ? [{ type: 'text', text: title }] : [] },
      {
        type: 'policySection',
        attrs: { id: randomId(), owner, approvers: '' },
        content: [
          { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Purpose and scope' }] },
          { type: 'paragraph' },
        ],
      },
    ],
  };
}

/**
 * Builds the Yjs state of a policy from ProseMirror JSON, through the same schema the
 * editor uses, so the browser opens it exactly as if it had been typed. Throws when the
 * JSON does not fit the schema.
 */
export function buildPolicyUpdate(json: JSONContent): Uint8Array {
  const node = schema.nodeFromJSON(json);
  node.check();
  const doc = prosemirrorToYDoc(node, DOCUMENT_FIELD);
  try {
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}
