import type { JSONContent } from '@tiptap/core';

/**
 * The placeholders templates and library clauses may use, written `{{name}}` in their text.
 * A template declares the ones it uses (front matter `placeholders:`); the team fills each in
 * once for its policy. `organization` is filled from the policy's organization name.
 * Add new ones here (lowercase letters, digits and underscores), with a label a non-lawyer
 * understands, a hint that says what to enter and an example.
 */
export interface PlaceholderDefinition {
  readonly name: string;
  readonly label: string;
  readonly hint: string;
  readonly example: string;
}

export const PLACEHOLDER_NAME_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;

/** `{{ name }}` in text; group 1 is the name. */
export const PLACEHOLDER_IN_TEXT = /\{\{\s*([a-z][a-z0-9_]{0,39})\s*\}\}/g;

export const PLACEHOLDERS: readonly PlaceholderDefinition[] = [
  { name: 'organization', label: 'Organization name', hint: 'The name people know you by.', example: 'Northwind Health' },
  { name: 'policy_owner', label: 'Policy owner', hint: 'The team or role that keeps this policy up to date.', example: 'the Communications team' },
  { name: 'social_media_lead', label: 'Social media lead', hint: 'Name or role of the person who runs the official accounts day to day.', example: 'Dana Lee, Social Media Manager' },
  { name: 'social_media_contact', label: 'Social media contact', hint: 'Where staff send questions about posting (an address or channel).', example: 'social@northwind.example' },
  { name: 'crisis_contact', label: 'Crisis contact', hint: 'Who to call first when something goes wrong online, with a phone number that works at night.', example: 'the duty press officer, +1 555 0100' },
  { name: 'security_contact', label: 'Security contact', hint: 'Where to report a hacked account or a phishing message.', example: 'security@northwind.example' },
  { name: 'privacy_contact', label: 'Privacy contact', hint: 'The privacy officer or team, and how to reach them.', example: 'privacy@northwind.example' },
  { name: 'legal_contact', label: 'Legal contact', hint: 'Who reviews legal questions about posts.', example: 'legal@northwind.example' },
  { name: 'hr_contact', label: 'HR contact', hint: 'Where staff raise concerns about conduct or this policy.', example: 'people@northwind.example' },
  { name: 'media_contact', label: 'Media contact', hint: 'Where staff pass questions from reporters.', example: 'press@northwind.example' },
  { name: 'response_time', label: 'Response time for messages', hint: 'How soon official accounts answer public questions and messages.', example: 'one business day' },
  { name: 'crisis_response_time', label: 'First response in a crisis', hint: 'How soon the first holding statement goes out once a crisis is confirmed.', example: '60 minutes' },
  { name: 'review_cycle', label: 'Review cycle', hint: 'How often this policy is reviewed.', example: 'every 12 months' },
  { name: 'retention_period', label: 'Retention period', hint: 'How long copies of official posts and messages are kept.', example: 'seven years' },
  { name: 'archiving_tool', label: 'Archiving tool', hint: 'The service that keeps copies of official posts and messages.', example: 'Smarsh' },
  { name: 'password_manager', label: 'Password manager', hint: 'The shared password manager official accounts use.', example: '1Password Business' },
  { name: 'scheduling_tool', label: 'Publishing tool', hint: 'The tool used to schedule and publish posts.', example: 'Hootsuite' },
  { name: 'monitoring_tool', label: 'Listening tool', hint: 'The tool that watches for mentions of the organization.', example: 'Brandwatch' },
  { name: 'ai_tools', label: 'Approved AI tools', hint: 'The generative AI tools staff may use for work posts.', example: 'Microsoft Copilot (company tenant)' },
  { name: 'training_platform', label: 'Training platform', hint: 'Where staff take the social media training.', example: 'the learning portal' },
  { name: 'reporting_channel', label: 'Reporting channel', hint: 'Where anyone can report a breach of this policy, including anonymously.', example: 'the ethics hotline, 1 800 555 0199' },
  { name: 'approval_window', label: 'Approval time for planned posts', hint: 'How long reviewers have to approve a planned post.', example: 'two business days' },
  { name: 'clinical_reviewer', label: 'Clinical reviewer', hint: 'The clinician or clinical team who checks health content before it is posted.', example: 'the Chief Medical Officer’s office' },
  { name: 'safeguarding_contact', label: 'Safeguarding lead', hint: 'Who to tell, the same day, about a risk of harm to a child or an adult at risk, and how to reach them.', example: 'Sam Ortiz, Safeguarding Lead, +1 555 0142' },
];

export function placeholderDefinition(name: string): PlaceholderDefinition | undefined {
  return PLACEHOLDERS.find((placeholder) => placeholder.name === name);
}

/** The placeholder names in a text, each once, in order of first use. */
export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER_IN_TEXT)].map((match) => match[1]!))];
}

/** Replaces each `{{name}}` that has a (non-empty) value; the others stay as written, to be filled in later. */
export function fillPlaceholders(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(PLACEHOLDER_IN_TEXT, (whole, name: string) => (Object.hasOwn(values, name) && values[name] ? values[name]! : whole));
}

/** The same, through every text node of some document content (new nodes; the input is left alone). */
export function fillPlaceholdersInContent(nodes: readonly JSONContent[], values: Readonly<Record<string, string>>): JSONContent[] {
  return nodes.map((node) => {
    if (node.type === 'text') return { ...node, text: fillPlaceholders(node.text ?? '', values) };
    return node.content ? { ...node, content: fillPlaceholdersInContent(node.content, values) } : { ...node };
  });
}
