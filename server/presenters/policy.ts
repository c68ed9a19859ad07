import type { DepartmentSigners, PersonRef, PolicyDetail, PolicySection, PolicySummary, SignedContent, UpdatedPolicy, VersionChanges } from '../../shared/api/policies';
import type { ContentChange } from '../../shared/contentDiff';
import { readSections, type SectionInfo } from '../../shared/sections';
import type { JSONContent } from '@tiptap/core';
import type { PolicyRecord } from '../services/policies';
import type { PolicyRole } from '../services/policyAccess';
import type { PolicyState, RequirementChange, SectionAuthor, SignoffService } from '../services/signoffs';
import type { PolicySummary as StoredSummary } from '../services/policySummaries';
import { sectionReadability } from '../services/readabilityCache';
import { structureChangeSince } from '../services/structureChange';
import { presentSectionAuthor, presentSectionState } from './signoff';

type PolicyListing = Pick<PolicyRecord, 'id' | 'title' | 'organization' | 'sharing' | 'createdAt' | 'updatedAt' | 'reviewBy'>;

/** One line of the policy list, from the policy's stored summary (server/services/policySummaries.ts). */
export function presentPolicySummary(policy: PolicyListing, summary: StoredSummary): PolicySummary {
  return { ...listing(policy), status: summary.status, sectionCount: summary.sectionCount, signedCount: summary.signedCount, partlySignedCount: summary.partlyCount };
}

/** The line of a policy whose document cannot be read: listed, so one bad policy hides no other. */
export function presentUnreadablePolicy(policy: PolicyListing): PolicySummary {
  return { ...listing(policy), status: 'pending', sectionCount: 0, signedCount: 0, partlySignedCount: 0, unreadable: true };
}

function listing(policy: PolicyListing) {
  return { id: policy.id, title: policy.title, organization: policy.organization, sharing: policy.sharing, createdAt: policy.createdAt, updatedAt: policy.updatedAt, reviewBy: policy.reviewBy };
}

export function presentConfirmations(confirmations: PolicyState['confirmations']): PolicyDetail['confirmations'] {
  if (!confirmations) return null;
  return {
    confirmed: confirmations.confirmed.map(({ department, userId, userName, at }) => ({ department, userId, userName, at })),
    waiting: confirmations.waiting,
  };
}

/** A section of the policy page: sign-off state, reading level, who changed it last. */
export function presentPolicySection(section: PolicyState['sections'][number], live: SectionInfo, author: SectionAuthor | undefined): PolicySection {
  const score = sectionReadability(live);
  return {
    ...presentSectionState(section),
    readability: { grade: score.grade, readingEase: score.readingEase },
    lastChangedBy: author ? { id: author.id, name: author.name, department: author.department } : null,
    lastChangedAt: author?.at ?? null,
  };
}

export function presentPolicyDetail(
  policy: PolicyRecord & { role: PolicyRole },
  canShare: boolean,
  state: PolicyState,
  lastChanged: Map<string, SectionAuthor>,
  endorsed: ReturnType<SignoffService['lastEndorsed']>,
  people: { signers: DepartmentSigners[]; accessGrantors: PersonRef[] },
): PolicyDetail {
  return {
    id: policy.id,
    title: policy.title,
    organization: policy.organization,
    gradeTarget: policy.gradeTarget,
    sharing: policy.sharing,
    role: policy.role,
    canShare,
    status: state.status,
    structureChanged: state.structureChanged,
    confirmations: presentConfirmations(state.confirmations),
    fingerprint: state.fingerprint,
    endorsedAt: endorsed?.at ?? null,
    endorsedFingerprint: endorsed?.fingerprint ?? null,
    reviewBy: policy.reviewBy,
    canSetReview: canShare,
    structureChange: state.structureChanged && endorsed ? structureChangeSince(endorsed.document, state) : null,
    sections: state.sections.map((section, index) => presentPolicySection(section, state.live[index]!, lastChanged.get(section.id))),
    signers: people.signers.map((entry) => ({ department: entry.department, people: entry.people.map(presentPersonRef) })),
    accessGrantors: people.accessGrantors.map(presentPersonRef),
  };
}

export function presentPersonRef(person: PersonRef): PersonRef {
  return { id: person.id, name: person.name };
}

export function presentUpdatedPolicy(id: string, changes: { gradeTarget?: number | undefined; sharing?: PolicyRecord['sharing'] | undefined; reviewBy?: string | null | undefined }): UpdatedPolicy {
  return {
    id,
    ...(changes.gradeTarget !== undefined ? { gradeTarget: changes.gradeTarget } : {}),
    ...(changes.sharing !== undefined ? { sharing: changes.sharing } : {}),
    ...(changes.reviewBy !== undefined ? { reviewBy: changes.reviewBy } : {}),
  };
}

/** What a department signed beside what the section says now, and who changed it since. */
export function presentSignedContent(
  signed: NonNullable<ReturnType<SignoffService['signedContent']>>,
  current: SectionInfo | undefined,
  changedBy: SectionAuthor[],
  requirementChanges: RequirementChange[] = [],
  changes: { change: ContentChange; description: string; by: SectionAuthor[] }[] = [],
): SignedContent {
  return {
    signed: { title: signed.title, content: signed.content as SignedContent['signed']['content'], text: signed.text, at: signed.at, userName: signed.userName },
    current: current ? { title: current.title, text: current.text, content: current.content as SignedContent['signed']['content'], hash: current.hash } : null,
    changedBy: changedBy.map(presentSectionAuthor),
    changes: changes.map(({ change, description, by }) => ({ kind: change.kind, description, by: by.map(presentSectionAuthor) })),
    requirementChanges: requirementChanges.map(({ at, by, before, after }) => ({ at, by: { ...by }, before: { owner: before.owner, approvers: [...before.approvers] }, after: { owner: after.owner, approvers: [...after.approvers] } })),
  };
}


/** An endorsed version beside the policy now: the title, and each section that differs, was added, deleted or moved. */
export function presentVersionChanges(version: number, endorsed: { document: JSONContent; at: string }, state: Pick<PolicyState, 'title' | 'live'>): VersionChanges {
  const before = readSections(endorsed.document);
  const beforeById = new Map(before.map((section) => [section.id, section]));
  const nowIds = new Set(state.live.map((section) => section.id));
  const structure = structureChangeSince(endorsed.document, state, before);
  const movedById = new Map(structure.moved.map((move) => [move.sectionId, { from: move.from, to: move.to }]));
  const compared = (section: SectionInfo) => ({ title: section.title, text: section.text, owner: section.owner, approvers: [...section.approvers] });
  const sections: VersionChanges['sections'] = [];
  let unchanged = 0;
  for (const section of state.live) {
    const then = beforeById.get(section.id);
    const moved = movedById.get(section.id) ?? null;
    if (!then) sections.push({ sectionId: section.id, change: 'added', moved: null, before: null, after: compared(section) });
    else if (then.hash !== section.hash) sections.push({ sectionId: section.id, change: 'changed', moved, before: compared(then), after: compared(section) });
    else if (moved) sections.push({ sectionId: section.id, change: 'moved', moved, before: compared(then), after: compared(section) });
    else unchanged += 1;
  }
  for (const then of before) if (!nowIds.has(then.id)) sections.push({ sectionId: then.id, change: 'removed', moved: null, before: compared(then), after: null });
  return { version, endorsedAt: endorsed.at, title: structure.title, sections, unchanged };
}
