import * as Y from 'yjs';
import { DEFAULT_OWNER, policyFingerprint, readSections, readTitle, yDocToJSON } from '../../shared/sections';
import type { JSONContent } from '@tiptap/core';
import { ServerOrigin } from '../collab/origins';
import { reconcileSections, topLevelItems } from '../collab/sectionGuard';
import type { Logger } from '../logger';
import type { SqliteDatabase } from '../storage/database';
import type { DocumentStore, StoredUpdate } from '../storage/documentStore';
import type { Actor, RequirementService } from './requirements';

const UPGRADE: Actor = { id: null, name: 'Accord upgrade', department: null };

/**
 * Policies made before owners and approvers were server data kept them only in their documents.
 * Once per policy, at start-up: the requirements are read from the stored document into the
 * database (the first section holding an id keeps it; later copies get fresh ids), the
 * document's mirror is rewritten in the server's form, and the fingerprints of endorsed
 * versions are recomputed to cover title and order. Nothing of the policy is lost: the old
 * updates stay, the repair is one more update.
 */
export function upgradePolicyRequirements(db: SqliteDatabase, store: DocumentStore, requirements: RequirementService, logger: Logger): number {
  const pending = db.prepare<[], { id: string }>('SELECT id FROM policies WHERE requirements_seeded = 0').all();
  const endorsedRows = db.prepare<[string], { id: number; document: string }>('SELECT id, document FROM endorsed_versions WHERE policy_id = ?');
  const setFingerprint = db.prepare<[string, number]>('UPDATE endorsed_versions SET fingerprint = ? WHERE id = ?');
  const markDone = db.prepare<[string]>('UPDATE policies SET requirements_seeded = 1 WHERE id = ?');
  for (const { id: policyId } of pending) {
    const doc = new Y.Doc();
    try {
      for (const update of store.load(policyId).updates) Y.applyUpdate(doc, update);
      const repairs: StoredUpdate[] = [];
      doc.on('update', (update: Uint8Array) => repairs.push({ update, userId: null, sections: [] }));
      db.transaction(() => {
        const seen = new Set<string>();
        requirements.seed(
          policyId,
          readSections(yDocToJSON(doc)).filter((section) => section.id && !seen.has(section.id) && seen.add(section.id)),
        );
        reconcileSections(
          doc,
          topLevelItems(doc),
          new Map(),
          {
            find: (sectionId) => requirements.get(policyId, sectionId),
            added: (sectionId, title) => requirements.added(policyId, sectionId, { owner: DEFAULT_OWNER, approvers: [] }, UPGRADE, title),
            activeIds: () => [],
            removed: () => undefined,
          },
          new ServerOrigin('migration', null),
        );
        if (repairs.length > 0) store.append(policyId, repairs);
        for (const row of endorsedRows.all(policyId)) {
          const document = JSON.parse(row.document) as JSONContent;
          setFingerprint.run(policyFingerprint(readTitle(document), readSections(document)), row.id);
        }
        markDone.run(policyId);
      })();
    } catch (error) {
      // One unreadable policy must not keep the others (or the server) from starting; it is tried again next start.
      logger.error('policy.upgrade_failed', { policy: policyId, error });
    } finally {
      doc.destroy();
    }
  }
  if (pending.length > 0) logger.info('policy.requirements_upgraded', { policies: pending.length });
  return pending.length;
}
