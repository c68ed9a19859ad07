import { readInventory, inventoryFindings } from '../../shared/inventory';
import { sectionReadability } from './readabilityCache';
import { readSections, readTitle, type SectionInfo } from '../../shared/sections';
import { departmentSignoff, requiredDepartments, type SignoffView } from '../../shared/signoffRules';
import type { Department } from '../../shared/departments';
import type { Rooms } from '../collab/rooms';
import type { ExportEndorsementRow, ExportInput, ExportSection } from '../export/exportModel';
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

function exportSections(sections: readonly SectionInfo[], statusOf: (id: string) => ExportSection['status']): ExportSection[] {
  return sections.map((section) => {
    const score = sectionReadability(section);
    return {
      id: section.id,
      title: section.title,
      owner: section.owner,
      approvers: section.approvers,
      content: section.content,
      hash: section.hash,
      status: statusOf(section.id),
      readability: { grade: score.grade, readingEase: score.readingEase },
    };
  });
}

/**
 * What an export shows: the current text with its endorsement state, or (`endorsed`) the last
 * version every department signed, exactly as it was then. Returns null when asked for an
 * endorsed version that never existed.
 */
export function buildExportInput(
  deps: { rooms: Rooms; signoffs: SignoffService; departments: readonly Department[] },
  policy: PolicyRecord,
  version: 'current' | 'endorsed',
): ExportInput | null {
  const inventory = deps.rooms.withDocument(policy.id, (doc) => readInventory(doc).entries);
  const endorsedVersions = deps.signoffs.endorsedCount(policy.id);
  if (version === 'endorsed') {
    const endorsed = deps.signoffs.lastEndorsed(policy.id);
    if (!endorsed) return null;
    // Everything comes from the endorsed snapshot, the title included: it is what was endorsed.
    const sections = readSections(endorsed.document);
    const title = readTitle(endorsed.document).trim() || policy.title;
    return {
      title,
      organization: policy.organization,
      date: endorsed.at,
      version: `Endorsed version ${endorsedVersions}`,
      endorsed: true,
      fingerprint: endorsed.fingerprint,
      gradeTarget: policy.gradeTarget,
      sections: exportSections(sections, () => 'signed'),
      endorsement: endorsementRows(sections, (id) => endorsed.signoffs[id] ?? []),
      inventory: { entries: inventory, findings: inventoryFindings(inventory, sections, deps.departments) },
      departments: deps.departments,
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
    sections: exportSections(state.live, (id) => byId.get(id)?.status ?? 'pending'),
    endorsement: endorsementRows(state.live, (id) => byId.get(id)?.signoffs ?? []),
    inventory: { entries: inventory, findings: inventoryFindings(inventory, state.live, deps.departments) },
    departments: deps.departments,
  };
}
