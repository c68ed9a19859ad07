/**
 * The documents the benchmarks start from, the same for every server and for both editors:
 * the corporate template as Accord builds it, policies of any number of generated sections,
 * and the same content without Accord's own nodes, for bare TipTap (StarterKit).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JSONContent } from '@tiptap/core';
import { loadTemplates, templateDocument, type PolicyTemplate } from '../server/templates/templateLoader';

export const TEMPLATE_ID = 'corporate-enterprise';
export const ORGANIZATION = 'Bench Org';
const templatesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../templates');

export const DEPARTMENTS = ['communications', 'marketing', 'hr', 'it', 'legal', 'compliance', 'customer-service'];

const SENTENCES = [
  'Employees who post about our work must say that the views are their own.',
  'Never share customer information, even when the customer has shared it first.',
  'Ask the communications team before you answer a journalist on any platform.',
  'Report fake accounts that use our name or logo to the IT security desk.',
  'Keep passwords of official accounts in the shared password manager, never in a document.',
  'Be kind, be accurate and correct mistakes openly when you make them.',
];

/**
 * A policy of `count` sections, each with a heading, two paragraphs and a three-item list.
 * Section owners go round DEPARTMENTS, starting with communications.
 */
export function policyJSON(title: string, count: number): JSONContent {
  const text = (value: string): JSONContent => ({ type: 'text', text: value });
  const paragraph = (value: string): JSONContent => ({ type: 'paragraph', content: [text(value)] });
  const sections: JSONContent[] = [];
  for (let index = 0; index < count; index++) {
    const owner = DEPARTMENTS[index % DEPARTMENTS.length]!;
    const sentence = (offset: number) => SENTENCES[(index + offset) % SENTENCES.length]!;
    sections.push({
      type: 'policySection',
      attrs: { id: `section-${index}-${Math.random().toString(36).slice(2, 10)}`, owner, approvers: [DEPARTMENTS[(index + 3) % DEPARTMENTS.length]!] },
      content: [
        { type: 'heading', attrs: { level: 2 }, content: [text(`Section ${index + 1}: ${sentence(0).split(' ').slice(0, 4).join(' ')}`)] },
        paragraph(`${sentence(1)} ${sentence(2)} ${sentence(3)}`),
        {
          type: 'bulletList',
          content: [0, 1, 2].map((item) => ({ type: 'listItem', content: [paragraph(sentence(item + 4))] })),
        },
        paragraph(`${sentence(5)} ${sentence(0)}`),
      ],
    });
  }
  return { type: 'doc', content: [{ type: 'title', content: [text(title)] }, ...sections] };
}

/** The corporate template as Accord's API builds a policy from it (its 14 sections). */
let template: PolicyTemplate | undefined;
export function templatePolicyJSON(title: string): JSONContent {
  template ??= loadTemplates(templatesDir).templates.find((candidate) => candidate.id === TEMPLATE_ID);
  if (!template) throw new Error(`template ${TEMPLATE_ID} not found in ${templatesDir}`);
  return templateDocument(template, { title, organization: ORGANIZATION });
}

/** Top-level sections of an Accord policy document. */
export function sectionCount(json: JSONContent): number {
  return (json.content ?? []).filter((node) => node.type === 'policySection').length;
}

/**
 * The same text for bare TipTap: the title becomes a level-1 heading and each section's
 * content is laid out at the top level, so both editors hold the same blocks and characters.
 */
export function stockJSON(json: JSONContent): JSONContent {
  const content: JSONContent[] = [];
  for (const node of json.content ?? []) {
    if (node.type === 'title') content.push({ type: 'heading', attrs: { level: 1 }, ...(node.content ? { content: node.content } : {}) });
    else if (node.type === 'policySection') content.push(...(node.content ?? []));
    else content.push(node);
  }
  return { type: 'doc', content };
}
