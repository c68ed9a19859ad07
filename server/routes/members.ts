import { Router } from 'express';
import { z } from 'zod';
import { DEPARTMENT_ID_PATTERN } from '../../shared/departments';
import { currentUser } from '../auth/access';
import { HttpError, parseBody } from '../httpError';
import type { Logger } from '../logger';
import type { PolicyService } from '../services/policies';
import type { MemberRole } from '../services/policyAccess';
import { requirePolicy } from './policies';

const roleSchema = z.enum(['editor', 'viewer'] as [MemberRole, ...MemberRole[]], 'choose editor or viewer');
const addSchema = z.union([
  z.object({ userId: z.string('the id of a person').trim().min(1, 'the id of a person').max(64, 'the id of a person'), role: roleSchema }),
  z.object({ department: z.string('a department id').regex(DEPARTMENT_ID_PATTERN, 'a department id'), role: roleSchema }),
]);

/** Parses an add request, naming the first wrong field (a union would only say "invalid input"). */
function parseAdd(body: unknown): { userId: string; role: MemberRole } | { department: string; role: MemberRole } {
  if (body && typeof body === 'object' && !Array.isArray(body) && 'department' in body && !('userId' in body)) {
    return parseBody(addSchema.options[1], body);
  }
  return parseBody(addSchema.options[0], body);
}

/**
 * Who a policy is shared with: `GET /api/policies/:id/members` (everyone who can see the
 * policy), `POST` `{ userId, role }` or `{ department, role }` and `DELETE …/:userId` (admins
 * and the policy's editors by membership). Every change is kept in the sharing history.
 */
export function memberRoutes(deps: { policies: PolicyService; logger: Logger }): Router {
  const { policies, logger } = deps;
  const access = policies.access;
  const router = Router({ mergeParams: true });

  const manageable = (request: import('express').Request) => {
    const user = currentUser(request);
    const policy = requirePolicy(policies, (request.params as { id?: string }).id, user, 'change');
    if (!access.mayManage(policy.id, user)) throw new HttpError(403, 'Only admins and the editors this policy is shared with can change who it is shared with');
    return { policy, user };
  };

  router.get('/', (request, response) => {
    const policy = requirePolicy(policies, (request.params as { id?: string }).id, currentUser(request));
    response.json({ sharing: policy.sharing, canShare: access.mayManage(policy.id, currentUser(request)), members: access.members(policy.id), history: access.history(policy.id) });
  });

  router.post('/', (request, response) => {
    const { policy, user } = manageable(request);
    const input = parseAdd(request.body);
    let ids: string[];
    if ('userId' in input) {
      if (!access.isPerson(input.userId)) throw new HttpError(400, 'userId: there is no account with this id', { field: 'userId' });
      ids = [input.userId];
    } else {
      ids = access.peopleIn(input.department);
      if (ids.length === 0) throw new HttpError(400, `department: nobody works in "${input.department}", so there is nobody to add`, { field: 'department' });
    }
    // One person is added or given the new role; a department adds those not listed yet and leaves the others' roles alone.
    const added = access.addMembers(policy.id, ids, input.role, user, { replace: 'userId' in input });
    logger.info('policy.members_added', { policy: policy.id, by: user.id, role: input.role, ...('department' in input ? { department: input.department } : {}), added });
    response.status(201).json({ added, members: access.members(policy.id) });
  });

  router.delete('/:userId', (request, response) => {
    const { policy, user } = manageable(request);
    const userId = String((request.params as { userId?: string }).userId);
    if (!access.removeMember(policy.id, userId, user)) throw new HttpError(404, 'This person is not a member of this policy');
    logger.info('policy.member_removed', { policy: policy.id, by: user.id, user: userId });
    response.json({ removed: userId, members: access.members(policy.id) });
  });

  return router;
}

/** `GET /api/people`: every account's id, name and department, for editors and admins choosing whom to share with. */
export function peopleRoute(policies: PolicyService): Router {
  const router = Router();
  router.get('/', (request, response) => {
    if (currentUser(request).role === 'viewer') throw new HttpError(403, 'Viewers can read but not change anything');
    response.json(policies.access.people());
  });
  return router;
}
