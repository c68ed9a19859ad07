import type { SqliteDatabase } from '../storage/database';
import { escapeHtml } from '../export/html';

/** A message ready for the outbox: subject, plain text and the same in simple HTML. */
export interface ComposedMail {
  subject: string;
  text: string;
  html: string;
}

/** What every Accord message is made of: a few paragraphs, at most one button-like link, a closing line. */
export interface MailContent {
  subject: string;
  /** The organization's name, shown in the greeting line and the footer. */
  organization: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  /** Shown under the link in small print (e.g. when it expires, what to do if it was not you). */
  notes?: string[];
}

/** Plain text and HTML from the same content; every value is escaped in the HTML. */
export function composeMail(content: MailContent): ComposedMail {
  const footer = `Accord, the social media policy of ${content.organization}`;
  const text = [
    ...content.paragraphs,
    ...(content.action ? [`${content.action.label}:\n${content.action.url}`] : []),
    ...(content.notes ?? []),
    `-- \n${footer}`,
  ].join('\n\n');
  const html = [
    '<!doctype html><html><body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1f2328; max-width: 36rem">',
    ...content.paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`),
    ...(content.action
      ? [`<p><a href="${escapeHtml(content.action.url)}" style="display: inline-block; padding: 0.5rem 1rem; background: #1f5fbf; color: #ffffff; border-radius: 4px; text-decoration: none">${escapeHtml(content.action.label)}</a></p>`, `<p style="font-size: 0.875rem">Or copy this address into your browser: ${escapeHtml(content.action.url)}</p>`]
      : []),
    ...(content.notes ?? []).map((note) => `<p style="font-size: 0.875rem; color: #59636e">${escapeHtml(note)}</p>`),
    `<p style="font-size: 0.875rem; color: #59636e">${escapeHtml(footer)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject: content.subject, text, html };
}

/** "in 7 days", "in 30 minutes": how long a link stays valid, in words. */
export function validFor(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 120) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} hours`;
  const days = Math.round(hours / 24);
  return `${days} days`;
}

/** The invitation to join: who invited, into which department and role, the link and when it expires. */
export function inviteMail(input: { organization: string; inviter: string; departmentName: string; role: string; url: string; validForMs: number }): ComposedMail {
  const roleWords: Record<string, string> = {
    admin: 'an admin (you can also invite people and manage departments)',
    editor: 'an editor (you can write and sign off sections for your department)',
    commenter: 'a commenter (you can read and comment)',
    viewer: 'a viewer (you can read)',
  };
  return composeMail({
    subject: `${input.inviter} invited you to ${input.organization}'s social media policy`,
    organization: input.organization,
    paragraphs: [
      'Hello,',
      `${input.inviter} invited you to work on ${input.organization}'s social media policy in Accord, in ${input.departmentName}, as ${roleWords[input.role] ?? input.role}.`,
      'Open the link to choose your name and password. It works for this e-mail address only.',
    ],
    action: { label: 'Accept the invite', url: input.url },
    notes: [`The link works for ${validFor(input.validForMs)}. If it runs out, ask ${input.inviter} for a new one.`, 'If you did not expect this, you can ignore this message.'],
  });
}

/**
 * The organization's name in messages: the name an admin set on the People page; otherwise
 * ACCORD_ORGANIZATION_NAME when set; otherwise the organization named on the oldest policy that
 * has one; otherwise "your organization".
 */
export function organizationName(db: SqliteDatabase, configured: string | undefined, set: { name(): string | null }): () => string {
  const fallback = configured?.trim() || null;
  const oldest = db.prepare<[], { organization: string }>("SELECT organization FROM policies WHERE trim(organization) != '' ORDER BY created_at, id LIMIT 1");
  return () => {
    try {
      return set.name()?.trim() || fallback || oldest.get()?.organization.trim() || 'your organization';
    } catch {
      return fallback ?? 'your organization';
    }
  };
}
