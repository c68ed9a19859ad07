import type { Clock } from '../clock';
import type { InviteLink, InviteRecord, InviteService } from '../services/invites';
import { inviteMail } from './messages';
import type { Delivery, Outbox } from './outbox';

/** Puts invite links in the outbox and reads back what became of them. */
export class InviteMailer {
  constructor(
    private readonly deps: { outbox: Outbox; invites: InviteService; organization: () => string; departmentName: (id: string) => string; clock: Clock },
  ) {}

  /** Queues the link to the invite's address; false when it has none or mail is not set up (the admin copies the link). */
  send(link: InviteLink, url: string, inviter: string): boolean {
    const { invite } = link;
    if (!invite.email) return false;
    const mail = inviteMail({
      organization: this.deps.organization(),
      inviter,
      departmentName: this.deps.departmentName(invite.department),
      role: invite.role,
      url,
      validForMs: invite.expiresAt - this.deps.clock.now(),
    });
    const { queued } = this.deps.outbox.enqueue({ kind: 'invite', to: invite.email, ...mail });
    if (queued) this.deps.invites.markSent(invite.id);
    return queued;
  }

  /** What became of the latest message with this invite's link; null for links tied to no address and for settled invites. */
  delivery(invite: InviteRecord): Delivery | null {
    if (!invite.email || (invite.status !== 'pending' && invite.status !== 'expired')) return null;
    return this.deps.outbox.latestDelivery('invite', invite.email, invite.sentAt ?? invite.createdAt);
  }
}
