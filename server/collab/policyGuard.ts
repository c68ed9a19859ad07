import { policySchema } from '../../shared/schema/extensions';
import type { Logger } from '../logger';
import type { Actor, RequirementService } from '../services/requirements';
import { ServerOrigin } from './origins';
import type { CollabConnection, UpdateGuard } from './room';
import { inspectUpdate, reconcileSections } from './sectionGuard';
import { approversFromAttribute, DOCUMENT_FIELD } from '../../shared/sections';
import type * as Y from 'yjs';

const ACCORD: Actor = { id: null, name: 'Accord', department: null };

const NODE_NAMES: ReadonlySet<string> = new Set(Object.keys(policySchema().nodes));

/** The account behind a connection, as the audit trail names it. */
export function connectionActor(connection: CollabConnection): Actor {
  return { id: connection.userId, name: connection.identity?.name ?? '', department: connection.identity?.department ?? null };
}

/**
 * The guard of every policy room: section structure and requirements are checked against the
 * server's records before an update is applied, and repaired from them after.
 */
export function policyUpdateGuard(requirements: RequirementService, logger: Logger): UpdateGuard {
  return {
    opened(room) {
      const policyId = room.policyId;
      const before = new Set<Y.Item>();
      for (let item = room.doc.getXmlFragment(DOCUMENT_FIELD)._start; item !== null; item = item.right) if (!item.deleted) before.add(item);
      const result = reconcileSections(
        room.doc,
        before,
        new Map(),
        {
          find: (sectionId) => requirements.get(policyId, sectionId),
          // A section the records miss keeps what its mirror says (records are written before the document, so this is a lost write, not a claim).
          added: (sectionId, title) => {
            const element = room.doc
              .getXmlFragment(DOCUMENT_FIELD)
              .toArray()
              .find((node) => 'getAttribute' in node && node.getAttribute('id') === sectionId) as Y.XmlElement | undefined;
            const owner = String(element?.getAttribute('owner') ?? 'communications');
            return requirements.added(policyId, sectionId, { owner, approvers: approversFromAttribute(element?.getAttribute('approvers')) }, ACCORD, title);
          },
          activeIds: () => [...requirements.all(policyId).values()].filter((record) => !record.removed).map((record) => record.sectionId),
          removed: (sectionId, title) => requirements.removed(policyId, sectionId, ACCORD, title),
        },
        new ServerOrigin('repair', null),
      );
      if (result.added.length > 0 || result.removed.length > 0) logger.warn('policy.records_repaired', { policy: policyId, added: result.added, removed: result.removed });
    },
    inspect(room, connection, decoded) {
      return inspectUpdate(
        room.doc,
        decoded,
        {
          requirement: (sectionId) => requirements.active(room.policyId, sectionId),
          mayDelete: (sectionId) => {
            if (connection.admin) return true;
            const owner = requirements.active(room.policyId, sectionId)?.owner;
            // A section the records do not know yet is the repair's business, not a deletion to refuse.
            return owner === undefined || owner === connection.identity?.department;
          },
        },
        NODE_NAMES,
      );
    },
    applied(room, connection, inspection) {
      const actor = connectionActor(connection);
      const policyId = room.policyId;
      const result = reconcileSections(
        room.doc,
        inspection.before,
        inspection.deleted,
        {
          find: (sectionId) => requirements.get(policyId, sectionId),
          added: (sectionId, title) => requirements.added(policyId, sectionId, { owner: actor.department ?? 'communications', approvers: [] }, actor, title),
          activeIds: () => [...requirements.all(policyId).values()].filter((record) => !record.removed).map((record) => record.sectionId),
          removed: (sectionId, title) => requirements.removed(policyId, sectionId, actor, title),
        },
        new ServerOrigin('repair', actor.id),
      );
      if (result.added.length > 0 || result.removed.length > 0) {
        logger.info('policy.structure_changed', { policy: policyId, user: actor.id, added: result.added, removed: result.removed });
      }
    },
  };
}
