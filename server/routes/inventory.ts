import type { Router } from 'express';
import { api } from '../../shared/api/routes';
import { inventoryFindings, inventoryLimitNotice, inventoryMap, readInventory, validateInventoryEntry } from '../../shared/inventory';
import { MAX_INVENTORY_ENTRIES } from '../../shared/limits';
import { readSectionsFromYDoc } from '../../shared/sections';
import { currentUser } from '../auth/access';
import type { Rooms } from '../collab/rooms';
import { HttpError } from '../httpError';
import type { Logger } from '../logger';
import type { DepartmentService } from '../services/departments';
import type { PolicyService } from '../services/policies';
import { presentInventory, presentInventoryEntry } from '../presenters/inventory';
import { contractRouter } from './contractRouter';
import { requirePolicy } from './policies';

/** The policy's social media inventory and what the synergy finder sees in it. */
export function inventoryRoutes(deps: { policies: PolicyService; rooms: Rooms; logger: Logger; departments: DepartmentService }): Router {
  const { router, route } = contractRouter('/api/policies/{id}/inventory', { mergeParams: true });

  route(api.getInventory, ({ params, request, reply }) => {
    const policy = requirePolicy(deps.policies, params.id, currentUser(request));
    const result = deps.rooms.withDocument(policy.id, (doc) => {
      const { entries, invalid } = readInventory(doc);
      return presentInventory(entries, invalid, inventoryFindings(entries, readSectionsFromYDoc(doc), deps.departments.list({ includeArchived: true })), inventoryLimitNotice(entries.length));
    });
    reply(200, result);
  });

  /** Adds one entry, for scripts and imports; it reaches everyone's open inventory view live. */
  route(api.addInventoryEntry, ({ params, body, request, reply }) => {
    const policy = requirePolicy(deps.policies, params.id, currentUser(request), 'change');
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, 'Expected a JSON object in the request body');
    // New entries go to departments that can still be given work; archived ones keep only their history.
    const result = validateInventoryEntry({ department: currentUser(request).department, ...body }, deps.departments.list());
    if (!result.ok) {
      const first = result.errors[0]!;
      // The message is a sentence for people; `field` names the field for code.
      throw new HttpError(400, first.message, { field: first.field, errors: result.errors });
    }
    const room = deps.rooms.open(policy.id);
    try {
      const { id, ...fields } = result.entry;
      if (inventoryMap(room.doc).has(id)) throw new HttpError(409, 'An entry with this id already exists. Leave the id out to get a new one.', { field: 'id' });
      if (inventoryMap(room.doc).size >= MAX_INVENTORY_ENTRIES) {
        throw new HttpError(409, `This policy's inventory already has ${inventoryMap(room.doc).size} entries, and a policy can hold at most ${MAX_INVENTORY_ENTRIES}. Remove entries you no longer need, or combine accounts, before adding more.`, { limit: MAX_INVENTORY_ENTRIES });
      }
      inventoryMap(room.doc).set(id, fields);
      room.flush();
    } finally {
      deps.rooms.release(room);
    }
    deps.logger.info('inventory.added', { policy: policy.id, entry: result.entry.id, by: currentUser(request).id });
    reply(201, presentInventoryEntry(result.entry));
  });

  return router;
}
