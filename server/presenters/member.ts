import type { MembersBody, PolicyMemberBody, SharingEventBody } from '../../shared/api/members';
import type { PolicyMember, Sharing, SharingEvent } from '../services/policyAccess';

export function presentMember(member: PolicyMember): PolicyMemberBody {
  return { id: member.id, name: member.name, department: member.department, role: member.role, effectiveRole: member.effectiveRole, addedBy: member.addedBy, addedAt: member.addedAt };
}

export function presentSharingEvent(event: SharingEvent): SharingEventBody {
  return {
    id: event.id,
    kind: event.kind,
    userId: event.userId,
    userName: event.userName,
    subjectId: event.subjectId,
    subjectName: event.subjectName,
    before: event.before,
    after: event.after,
    at: event.at,
  };
}

export function presentMembers(sharing: Sharing, canShare: boolean, members: PolicyMember[], history: SharingEvent[]): MembersBody {
  return { sharing, canShare, members: members.map(presentMember), history: history.map(presentSharingEvent) };
}
