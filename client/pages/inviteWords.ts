import type { InviteDelivery, InviteItem, MailStatusBody } from '../../shared/api';

const ADDRESS = /^[^\s@,;<>()]+@[^\s@,;<>()]+\.[^\s@,;<>()]+$/;

/** The addresses typed into the invite form (commas, semicolons, spaces or new lines between them), lowercased, without repeats; and those that are not addresses. */
export function parseAddresses(text: string): { valid: string[]; invalid: string[] } {
  const valid: string[] = [];
  const invalid: string[] = [];
  for (const part of text.split(/[\s,;]+/)) {
    const address = part.trim().replace(/^<|>$/g, '').toLowerCase();
    if (!address) continue;
    const list = ADDRESS.test(address) && address.length <= 254 ? valid : invalid;
    if (!list.includes(address)) list.push(address);
  }
  return { valid, invalid };
}

function span(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  if (minutes < 1) return 'less than a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} hour${hours === 1 ? '' : 's'}`;
  const days = Math.round(hours / 24);
  return `${days} day${days === 1 ? '' : 's'}`;
}

/** "2 min ago", "3 days ago", "just now". */
export function ago(at: number, now: number): string {
  return now - at < 60_000 ? 'just now' : `${span(now - at)} ago`;
}

/** "expires in 6 days", "expired 2 hours ago". */
export function expiryWords(expiresAt: number, now: number): string {
  return expiresAt > now ? `expires in ${span(expiresAt - now)}` : `expired ${span(now - expiresAt)} ago`;
}

/** "14:05", or "3 March, 14:05" when not today. */
export function clockTime(at: number, now: number): string {
  const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' }).format(at);
  if (new Date(at).toDateString() === new Date(now).toDateString()) return time;
  return `${new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'long' }).format(at)}, ${time}`;
}

/** What became of an invite's e-mail, in words: sent, waiting and why, given up, or mail not set up. */
export function deliveryWords(invite: Pick<InviteItem, 'email' | 'sentAt'> & { delivery: InviteDelivery | null }, now: number): string {
  if (!invite.email) return 'a link for no address: copy it to hand it over';
  const delivery = invite.delivery;
  if (!delivery) return invite.sentAt ? `sent ${ago(invite.sentAt, now)}` : 'not mailed: copy the link to hand it over';
  switch (delivery.state) {
    case 'sent':
      return `sent ${ago(delivery.sentAt ?? invite.sentAt ?? now, now)}`;
    case 'waiting':
      if (!delivery.lastError) return 'being sent';
      return `waiting: the mail server refused (${delivery.lastError}) — will retry at ${clockTime(delivery.nextAttemptAt ?? now, now)}`;
    case 'failed':
      return `not sent: the mail server kept refusing (${delivery.lastError ?? 'no answer'}). Copy the link instead`;
    case 'not-configured':
      return 'mail not set up: copy the link';
  }
}

/** The one line about outgoing mail above the invite form, or null when all is well. */
export function mailStatusWords(mail: MailStatusBody, now: number): string | null {
  if (!mail.configured) return 'Mail is not set up, so nothing is sent: copy each link and send it yourself.';
  if (mail.pending > 0 && mail.lastError) {
    const next = mail.nextAttemptAt ? ` Next try at ${clockTime(mail.nextAttemptAt, now)}.` : '';
    return `${mail.pending} message${mail.pending === 1 ? '' : 's'} waiting: the mail server refused (${mail.lastError}).${next}`;
  }
  if (mail.failed > 0) return `${mail.failed} message${mail.failed === 1 ? ' was' : 's were'} given up after two days of refusals: copy those links instead.`;
  return null;
}
