import type { CreatedInvite, InviteInfo, PendingInvite } from '../../shared/api/users';
import type { Invite, Role } from '../services/accounts';

/** A new invite with its link: the only time the token is shown. */
export function presentCreatedInvite(invite: { token: string; expiresAt: number; department: string; role: Role }, origin: string): CreatedInvite {
  return { token: invite.token, url: `${origin}/signup?invite=${invite.token}`, expiresAt: invite.expiresAt, department: invite.department, role: invite.role };
}

export function presentPendingInvite(invite: { department: string; role: Role; createdAt: number; expiresAt: number }): PendingInvite {
  return { department: invite.department, role: invite.role, createdAt: invite.createdAt, expiresAt: invite.expiresAt };
}

/** What an invite link grants; the department's name comes along (the sign-up page has no session to look it up). */
export function presentInviteInfo(invite: Invite, departmentName: string): InviteInfo {
  return { department: invite.department, role: invite.role, expiresAt: invite.expiresAt, departmentName };
}
