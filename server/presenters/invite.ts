import type { CreatedInvite, InviteDelivery, InviteInfo, InviteItem } from '../../shared/api/users';
import type { Delivery } from '../mail/outbox';
import type { Role } from '../services/accounts';
import type { InviteLink, InviteRecord } from '../services/invites';

/** The sign-up link of an invite token. */
export function inviteUrl(origin: string, token: string): string {
  return `${origin}/signup?invite=${token}`;
}

/** A new link for an invite: the only time its token is shown. */
export function presentCreatedInvite(link: InviteLink, origin: string, mailQueued: boolean): CreatedInvite {
  const { invite, token } = link;
  return { id: invite.id, token, url: inviteUrl(origin, token), email: invite.email, expiresAt: invite.expiresAt, department: invite.department, role: invite.role, mailQueued };
}

export function presentDelivery(delivery: Delivery | null): InviteDelivery | null {
  if (!delivery) return null;
  switch (delivery.state) {
    case 'sent':
      return { state: 'sent', sentAt: delivery.sentAt, nextAttemptAt: null, lastError: null };
    case 'waiting':
      return { state: 'waiting', sentAt: null, nextAttemptAt: delivery.nextAttemptAt, lastError: delivery.lastError };
    case 'failed':
      return { state: 'failed', sentAt: null, nextAttemptAt: null, lastError: delivery.lastError };
    case 'not-configured':
      return { state: 'not-configured', sentAt: null, nextAttemptAt: null, lastError: null };
  }
}

/** An invite in the admin's list, with what became of its mail and who joined with it. */
export function presentInvite(invite: InviteRecord, extra: { delivery: Delivery | null; joined: { id: string; name: string } | null }): InviteItem {
  return {
    id: invite.id,
    email: invite.email,
    department: invite.department,
    role: invite.role,
    createdAt: invite.createdAt,
    expiresAt: invite.expiresAt,
    sentAt: invite.sentAt,
    sendCount: invite.sendCount,
    status: invite.status,
    delivery: presentDelivery(extra.delivery),
    acceptedAt: invite.usedAt,
    joined: extra.joined,
  };
}

/** What an invite link grants; the department's name comes along (the sign-up page has no session to look it up). */
export function presentInviteInfo(invite: { department: string; role: Role; expiresAt: number; email?: string | null }, departmentName: string, organization: string | null = null): InviteInfo {
  return { department: invite.department, role: invite.role, expiresAt: invite.expiresAt, departmentName, email: invite.email ?? null, organization };
}
