import type { EndorsementResult, SectionAuthorBody, SectionStateBody, SignoffEventBody, SignoffViewBody } from '../../shared/api/signoffs';
import type { SectionState, SignoffView } from '../../shared/signoffRules';
import type { SectionAuthor, SignoffEvent } from '../services/signoffs';

export function presentSignoffEvent(event: SignoffEvent): SignoffEventBody {
  return {
    id: event.id,
    policyId: event.policyId,
    sectionId: event.sectionId,
    sectionTitle: event.sectionTitle,
    department: event.department,
    action: event.action,
    userId: event.userId,
    userName: event.userName,
    hash: event.hash,
    comment: event.comment,
    at: event.at,
  };
}

export function presentSignoffView(view: SignoffView): SignoffViewBody {
  return { department: view.department, userId: view.userId, userName: view.userName, at: view.at, hash: view.hash, comment: view.comment, valid: view.valid };
}

/** A section with its sign-off state, as the policy page and the event stream show it. */
export function presentSectionState(section: SectionState): SectionStateBody {
  return {
    id: section.id,
    title: section.title,
    owner: section.owner,
    approvers: section.approvers,
    hash: section.hash,
    status: section.status,
    signoffs: section.signoffs.map(presentSignoffView),
  };
}

export function presentSectionAuthor(author: SectionAuthor): SectionAuthorBody {
  return { id: author.id, name: author.name, department: author.department, at: author.at };
}

export function presentEndorsement(result: EndorsementResult): EndorsementResult {
  return { fingerprint: result.fingerprint, endorsed: result.endorsed, version: result.version, confirmed: result.confirmed, waiting: result.waiting };
}
