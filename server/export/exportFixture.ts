import { createHash } from 'node:crypto';
import type { JSONContent } from '@tiptap/core';
import { DEFAULT_DEPARTMENTS } from '../../shared/departments';
import type { ExportEndorsementRow, ExportInput, ExportSection } from './exportModel';

/** Text typed into the editor by someone trying to inject markup into the exports. */
export const HOSTILE_TEXT = {
  script: '<script>alert(1)</script>',
  image: '<img src=x onerror=alert(1)>',
  markdown: '**x** | [a](javascript:alert(1))',
} as const;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const text = (value: string, ...marks: NonNullable<JSONContent['marks']>): JSONContent =>
  marks.length > 0 ? { type: 'text', text: value, marks } : { type: 'text', text: value };
const bold = { type: 'bold' };
const italic = { type: 'italic' };
const link = (href: string) => ({ type: 'link', attrs: { href, target: '_blank' } });
const paragraph = (...content: JSONContent[]): JSONContent => ({ type: 'paragraph', content });
const heading = (value: string): JSONContent => ({ type: 'heading', attrs: { level: 3 }, content: [text(value)] });
const listItem = (...content: JSONContent[]): JSONContent => ({ type: 'listItem', content });
const bulletList = (...items: string[]): JSONContent => ({ type: 'bulletList', content: items.map((item) => listItem(paragraph(text(item)))) });

const sections: ExportSection[] = [
  {
    id: 'purpose-and-scope',
    title: 'Purpose and scope',
    owner: 'communications',
    approvers: ['hr', 'legal'],
    status: 'signed',
    hash: sha256('purpose-and-scope'),
    readability: { grade: 7.2, readingEase: 64.5 },
    content: [
      paragraph(
        text('Social media is part of how Northwind Health sells, hires and serves patients. This policy applies to '),
        text('all employees', bold),
        text(', interns and '),
        text('temporary staff', italic),
        text('. Read the '),
        text('national guidance', link('https://www.example.org/guidance?topic=social&lang=en')),
        text(' as well.'),
      ),
      bulletList('Employees, interns and temporary staff.', 'Contractors and agencies who post for us.', 'Every public site where people post, share or comment.'),
      paragraph(text('Nothing in this policy limits your right to talk about your pay or working conditions.')),
    ],
  },
  {
    id: 'official-accounts',
    title: 'Official accounts',
    owner: 'marketing',
    approvers: ['communications', 'legal'],
    status: 'signed',
    hash: sha256('official-accounts'),
    readability: { grade: 9.1, readingEase: 55.2 },
    content: [
      paragraph(text('An official account is any account that uses a Northwind name, brand or logo.')),
      heading('Opening an account'),
      {
        type: 'orderedList',
        attrs: { start: 1 },
        content: [
          listItem(paragraph(text('Send a request to the marketing team.'))),
          listItem(
            paragraph(text('Explain who will post and how often.')),
            bulletList('Name a backup administrator.', 'Name who answers direct messages.'),
          ),
          listItem(paragraph(text('Wait for approval before you create the account.'))),
        ],
      },
      heading('Closing an account'),
      { type: 'blockquote', content: [paragraph(text('Never delete an account without telling marketing first.', bold, italic))] },
      paragraph(text('Questions? Write to '), text('social@northwind.example', link('mailto:social@northwind.example')), text('.')),
    ],
  },
  {
    id: 'security-and-access',
    title: 'Security and access',
    owner: 'it',
    approvers: ['compliance'],
    status: 'stale',
    hash: sha256('security-and-access-v2'),
    readability: { grade: 10.4, readingEase: 48 },
    content: [
      paragraph(
        text('Use a password manager and turn on '),
        text('two-factor authentication', { type: 'underline' }),
        text(' for every account. Shared passwords are '),
        text('allowed', { type: 'strike' }),
        text(' forbidden. Run '),
        text('audit-accounts --all', { type: 'code' }),
        text(' every quarter.'),
        { type: 'hardBreak' },
        text('Report lost devices the same day.'),
      ),
      { type: 'orderedList', attrs: { start: 3 }, content: [listItem(paragraph(text('Revoke access when someone leaves.'))), listItem(paragraph(text('Review admin lists each quarter.')))] },
      { type: 'horizontalRule' },
      { type: 'codeBlock', attrs: { language: 'text' }, content: [text('Incident line: +44 20 7946 0000\nAvailable 24/7')] },
      // Not a node type the exporters know: must come out as its text.
      { type: 'callout', attrs: { tone: 'warning' }, content: [paragraph(text('Phishing messages often look like platform support.'))] },
    ],
  },
  {
    id: 'personal-use',
    title: 'Personal use | "opinions" & <you>',
    owner: 'hr',
    approvers: ['legal', 'communications'],
    status: 'pending',
    hash: sha256('personal-use'),
    content: [
      paragraph(text('Staff once pasted this into a post: '), text(HOSTILE_TEXT.script), text(' and this: '), text(HOSTILE_TEXT.image)),
      paragraph(text(HOSTILE_TEXT.markdown)),
      paragraph(text('A link that must be dropped', link('javascript:alert(1)')), text(' and one that stays: '), text('our values', link('https://northwind.example/values'))),
      paragraph(text('# not a heading')),
      paragraph(text('- not a list either')),
    ],
  },
];

function endorsementRows(allSigned: boolean): ExportEndorsementRow[] {
  const signers: Record<string, string> = {
    communications: 'Priya Natarajan',
    hr: 'Tomás Ålund',
    legal: 'Grace O\'Neill',
    marketing: 'Ben Okafor',
    it: 'Mei Chen',
    compliance: 'Jonas | Weber',
  };
  return sections.flatMap((section) =>
    [section.owner, ...section.approvers].map((department, index): ExportEndorsementRow => {
      const status = allSigned ? 'signed' : section.status === 'stale' && index === 0 ? 'stale' : section.status === 'pending' ? 'pending' : 'signed';
      if (status === 'pending') return { sectionId: section.id, sectionTitle: section.title, department, status };
      return {
        sectionId: section.id,
        sectionTitle: section.title,
        department,
        status,
        signer: signers[department]!,
        at: `2025-03-${String(10 + index).padStart(2, '0')}T09:${String(15 + index).padStart(2, '0')}:00.000Z`,
        hash: status === 'stale' ? sha256(`${section.id}-v1`) : section.hash,
      };
    }),
  );
}

/** A realistic four-section policy part-way through sign-off: one section stale, one pending. */
export function draftInput(): ExportInput {
  return {
    title: 'Social Media Policy',
    organization: 'Northwind Health Trust',
    date: '2025-03-14T10:00:00.000Z',
    version: '0.9',
    endorsed: false,
    fingerprint: sha256(sections.map((section) => section.hash).join('')),
    gradeTarget: 9,
    sections: structuredClone(sections),
    endorsement: endorsementRows(false),
    departments: DEFAULT_DEPARTMENTS,
    inventory: {
      entries: [
        {
          id: 'inv-1',
          department: 'marketing',
          platform: 'Instagram',
          account: '@northwindhealth',
          purpose: 'Campaigns and events',
          audience: 'Public',
          tools: [{ name: 'Hootsuite', category: 'scheduling' }, { name: 'Canva', category: 'design' }],
          responsible: 'Ben Okafor',
          adminCount: 3,
          official: true,
        },
        {
          id: 'inv-2',
          department: 'customer-service',
          platform: 'X',
          account: '@northwind_help',
          purpose: 'Patient questions',
          audience: 'Patients',
          tools: [{ name: 'Zendesk', category: 'support' }],
          responsible: 'Ana Ruiz',
          adminCount: 1,
          official: true,
        },
        {
          id: 'inv-3',
          department: 'hr',
          platform: 'LinkedIn',
          account: 'Northwind Careers',
          purpose: 'Recruiting',
          audience: 'Job seekers',
          tools: [],
          responsible: '',
          adminCount: 6,
          official: false,
        },
      ],
      findings: [
        { kind: 'single-admin', message: 'Only one administrator: the account is lost if that person leaves.', entries: ['inv-2'] },
        { kind: 'no-owner', message: 'No responsible person named.', entries: ['inv-3'] },
      ],
    },
  };
}

/** The same policy after every department signed every section. */
export function endorsedInput(): ExportInput {
  const input = draftInput();
  return {
    ...input,
    version: '1.0',
    endorsed: true,
    sections: input.sections.map((section) => ({ ...section, status: 'signed' })),
    endorsement: endorsementRows(true),
  };
}

/** A large policy, to check every format copes with long documents and many page breaks. */
export function largeInput(sectionCount: number): ExportInput {
  const base = draftInput();
  const many: ExportSection[] = Array.from({ length: sectionCount }, (_, index) => {
    const template = sections[index % sections.length]!;
    return { ...structuredClone(template), id: `section-${index + 1}`, title: `Section ${index + 1}: ${template.title}`, hash: sha256(`section-${index + 1}`) };
  });
  return {
    ...base,
    sections: many,
    endorsement: many.flatMap((section) =>
      [section.owner, ...section.approvers].map((department): ExportEndorsementRow => ({
        sectionId: section.id,
        sectionTitle: section.title,
        department,
        status: 'signed',
        signer: 'Alex Example',
        at: '2025-03-10T09:00:00.000Z',
        hash: section.hash,
      })),
    ),
  };
}
