import { readInventory, inventoryFindings } from '../../shared/inventory';
import { dayOf, utcDayNumber } from '../../shared/reviewDate';
import { sectionReadability } from './readabilityCache';
import { readSections, readTitle, type SectionInfo } from '../../shared/sections';
import { departmentSignoff, requiredDepartments, type SignoffView } from '../../shared/signoffRules';
import { DEFAULT_EXPORT_PARTS, type ExportPart } from '../../shared/api/policies';
import type { Department } from '../../shared/departments';
import type { Rooms } from '../collab/rooms';
import type { ExportEndorsementRow, ExportInput, ExportSection, ExportThread } from '../export/exportModel';
import type { CommentService } from './comments';
import type { PolicyRecord } from './policies';
import type { SignoffService } from './signoffs';

function endorsementRows(sections: readonly SectionInfo[], signoffsBySection: (id: string) => SignoffView[]): ExportEndorsementRow[] {
  return sections.flatMap((section) =>
    requiredDepartments(section).map((department) => {
      const { state, signoff } = departmentSignoff(signoffsBySection(section.id), department);
      const row: ExportEndorsementRow = { sectionId: section.id, sectionTitle: section.title, department, status: state };
      if (signoff) Object.assign(row, { signer: signoff.userName, at: signoff.at, hash: signoff.hash, ...(signoff.comment ? { comment: signoff.comment } : {}) });
      return row;
    }),
  );
}

/** The sections; scored for reading level only when the summary is asked for (scoring is the slow part). */
function exportSections(sections: readonly SectionInfo[], statusOf: (id: string) => ExportSection['status'], withReadability: boolean): ExportSection[] {
  return sections.map((section) => {
    const exported: ExportSection = {
      id: section.id,
      title: section.title,
      owner: section.owner,
      approvers: section.approvers,
      content: section.content,
      hash: section.hash,
      status: statusOf(section.id),
    };
    if (withReadability) {
      const score = sectionReadability(section);
      exported.readability = { grade: score.grade, readingEase: score.readingEase };
    }
    return exported;
  });
}

/** The policy's open threads (the service reads only this policy's), oldest first. */
function openThreads(comments: Pick<CommentService, 'list'>, policyId: string): ExportThread[] {
  return comments
    .list(policyId)
    .filter((thread) => thread.status === 'open')
    .map((thread) => ({
      id: thread.id,
      sectionId: thread.sectionId,
      quote: thread.quote,
      comments: thread.comments.map((comment) => ({ author: comment.author.name, department: comment.author.department, at: comment.createdAt, body: comment.body, edited: comment.editedAt !== null })),
    }));
}

/** The policy's next review for the export's details, and whether it had passed on the day of the export (UTC). */
function reviewOf(policy: PolicyRecord): Pick<ExportInput, 'reviewBy' | 'reviewOverdue'> {
  if (!policy.reviewBy) return {};
  return { reviewBy: policy.reviewBy, reviewOverdue: policy.reviewBy < dayOf(utcDayNumber(Date.now())) };
}

/**
 * What an export shows: the current text with its endorsement state, or (`endorsed`) the last
 * version every department signed, exactly as it was then. Returns null when asked for an
 * endorsed version that never existed. Only the chosen `parts` are read: the inventory and its
 * findings are internal and stay out of the default, staff-facing export, and so do the open
 * comment threads (`comments`, for review copies). The endorsed version never has comments: it is
 * a frozen text, and today's threads are about today's text.
 */
export function buildExportInput(
  deps: { rooms: Rooms; signoffs: SignoffService; comments: Pick<CommentService, 'list'>; departments: readonly Department[] },
  policy: PolicyRecord,
  version: 'current' | 'endorsed',
  asked: readonly ExportPart[] = DEFAULT_EXPORT_PARTS,
  /** With `endorsed`: this endorsed version (from 1) instead of the last one. */
  endorsedVersion?: number,
): ExportInput | null {
  const parts = version === 'endorsed' ? asked.filter((part) => part !== 'comments') : asked;
  const withInventory = parts.includes('inventory');
  const withReadability = parts.includes('readability');
  const inventory = withInventory ? deps.rooms.withDocument(policy.id, (doc) => readInventory(doc).entries) : [];
  const endorsedVersions = deps.signoffs.endorsedCount(policy.id);
  if (version === 'endorsed') {
    const endorsed = endorsedVersion === undefined ? deps.signoffs.lastEndorsed(policy.id) : deps.signoffs.endorsedVersion(policy.id, endorsedVersion);
    if (!endorsed) return null;
    const number = endorsedVersion ?? endorsedVersions;
    // Everything comes from the endorsed snapshot, the title included: it is what was endorsed.
    const sections = readSections(endorsed.document);
    // Never the policy's current title: that is the draft's, and an endorsed copy (the staff page's too) shows only what was endorsed. An empty one reads as the export's own "Social media policy".
    const title = readTitle(endorsed.document).trim();
    return {
      title,
      organization: policy.organization,
      date: endorsed.at,
      version: `Endorsed version ${number}${number < endorsedVersions ? ` (of ${endorsedVersions}; a later one exists)` : ''}`,
      endorsed: true,
      fingerprint: endorsed.fingerprint,
      gradeTarget: policy.gradeTarget,
      // The next review belongs to the policy as it stands, so only the latest endorsed version names it.
      ...(number === endorsedVersions ? reviewOf(policy) : {}),
      sections: exportSections(sections, () => 'signed', withReadability),
      endorsement: endorsementRows(sections, (id) => endorsed.signoffs[id] ?? []),
      ...(withInventory ? { inventory: { entries: inventory, findings: inventoryFindings(inventory, sections, deps.departments) } } : {}),
      departments: deps.departments,
      parts,
    };
  }
  const state = deps.signoffs.state(policy.id);
  const byId = new Map(state.sections.map((section) => [section.id, section]));
  const endorsed = state.status === 'endorsed';
  return {
    title: state.title || policy.title,
    organization: policy.organization,
    date: new Date().toISOString(),
    version: endorsed ? `Endorsed version ${endorsedVersions}` : `Draft${endorsedVersions ? ` after endorsed version ${endorsedVersions}` : ''}`,
    endorsed,
    fingerprint: state.fingerprint,
    gradeTarget: policy.gradeTarget,
    ...reviewOf(policy),
    sections: exportSections(state.live, (id) => byId.get(id)?.status ?? 'pending', withReadability),
    endorsement: endorsementRows(state.live, (id) => byId.get(id)?.signoffs ?? []),
    ...(withInventory ? { inventory: { entries: inventory, findings: inventoryFindings(inventory, state.live, deps.departments) } } : {}),
    ...(parts.includes('comments') ? { threads: openThreads(deps.comments, policy.id) } : {}),
    departments: deps.departments,
    parts,
  };
}
