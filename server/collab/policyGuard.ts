import { policySchema } from '../../shared/schema/extensions';
import type { Logger } from '../logger';
import type { Actor, RequirementService } from '../services/requirements';
import { ServerOrigin } from './origins';
import type { CollabConnection } from './connection';
import type { UpdateGuard } from './updateGate';
import { inspectUpdate, reconcileSections, topLevelItems, type ReconcileRecords, type SectionRules } from './sectionGuard';
import { approversFromAttribute, DEFAULT_OWNER, type SectionRequirement } from '../../shared/sections';
import type * as Y from 'yjs';

const ACCORD: Actor = { id: null, name: 'Accord', department: null };

const NODE_NAMES: ReadonlySet<string> = new Set(Object.keys(policySchema().nodes));

/** The account behind a connection, as the audit trail names it. */
export function connectionActor(connection: CollabConnection): Actor {
  return { id: connection.userId, name: connection.identity?.name ?? '', department: connection.identity?.department ?? null };
}

/**
 * The records as `reconcileSections` uses them for one policy: sections it finds new get their
 * requirement from `newRequirement`; additions and removals are audited as `actor`'s.
 */
function recordsOf(
  requirements: RequirementService,
  policyId: string,
  actor: Actor,
  newRequirement: (element: Y.XmlElement) => SectionRequirement,
): ReconcileRecords {
  return {
    find: (sectionId) => requirements.get(policyId, sectionId),
    added: (sectionId, title, element) => requirements.added(policyId, sectionId, newRequirement(element), actor, title),
    activeIds: () => requirements.activeIds(policyId),
    removed: (sectionId, title) => requirements.removed(policyId, sectionId, actor, title),
  };
}

/**
 * The records as the guard asks them for one sender's update. A class rather than an object of
 * arrow functions: the guard runs for every keystroke, and named closures made per call cost more.
 */
class SenderRules implements SectionRules {
  constructor(
    private readonly requirements: RequirementService,
    private readonly policyId: string,
    private readonly connection: CollabConnection,
  ) {}

  requirement(sectionId: string): SectionRequirement | undefined {
    return this.requirements.active(this.policyId, sectionId);
  }

  mayDelete(sectionId: string): boolean {
    if (this.connection.admin) return true;
    const owner = this.requirements.active(this.policyId, sectionId)?.owner;
    // A section the records do not know yet is the repair's business, not a deletion to refuse.
    return owner === undefined || owner === this.connection.identity?.department;
  }
}

/**
 * The guard of every policy room: section structure and requirements are checked against the
 * server's records before an update is applied, and repaired from them after.
 */
export function policyUpdateGuard(requirements: RequirementService, logger: Logger): UpdateGuard {
  return {
    opened(room) {
      // A section the records miss keeps what its mirror says (records are written before the document, so this is a lost write, not a claim).
      const records = recordsOf(requirements, room.policyId, ACCORD, (element) => ({
        owner: String(element.getAttribute('owner') ?? DEFAULT_OWNER),
        approvers: approversFromAttribute(element.getAttribute('approvers')),
      }));
      const result = reconcileSections(room.doc, topLevelItems(room.doc), new Map(), records, new ServerOrigin('repair', null));
      if (result.added.length > 0 || result.removed.length > 0) logger.warn('policy.records_repaired', { policy: room.policyId, added: result.added, removed: result.removed });
    },
    inspect(room, connection, decoded) {
      return inspectUpdate(room.doc, decoded, new SenderRules(requirements, room.policyId, connection), NODE_NAMES);
    },
    applied(room, connection, inspection) {
      const actor = connectionActor(connection);
      // A new section belongs to the department of whoever made it, whatever its attributes claim.
      const records = recordsOf(requirements, room.policyId, actor, () => ({ owner: actor.department ?? DEFAULT_OWNER, approvers: [] }));
      const result = reconcileSections(room.doc, inspection.before, inspection.deleted, records, new ServerOrigin('repair', actor.id));
      if (result.added.length > 0 || result.removed.length > 0) {
        logger.info('policy.structure_changed', { policy: room.policyId, user: actor.id, added: result.added, removed: result.removed });
      }
    },
  };
}
