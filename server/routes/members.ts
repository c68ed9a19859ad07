import type { Request, Router } from 'express';
import { addDepartmentBodySchema, addPersonBodySchema, type AddMemberBody } from '../../shared/api/members';
import { api } from '../../shared/api/routes';
import { currentUser } from '../auth/access';
import { HttpError, parseBody } from '../httpError';
import type { Logger } from '../logger';
import type { PolicyService } from '../services/policies';
import { presentMember, presentMembers } from '../presenters/member';
import { presentPerson } from '../presenters/user';
import { contractRouter } from './contractRouter';
import { requirePolicy } from './policies';

/** Parses an add request, naming the first wrong field (a union would only say "invalid input"). */
function parseAdd(body: unknown): AddMemberBody {
  if (body && typeof body === 'object' && !Array.isArray(body) && 'department' in body && !('userId' in body)) {
    return parseBody(addDepartmentBodySchema, body);
  }
  return parseBody(addPersonBodySchema, body);
}

/**
 * Who a policy is shared with: `GET /api/policies/:id/members` (everyone who can see the
 * policy), `POST` `{ userId, role }` or `{ department, role }` and `DELETE …/:userId` (admins
 * and the policy's editors by membership). Every change is kept in the sharing history.
 */
export function memberRoutes(deps: { policies: PolicyService; logger: Logger }): Router {
  const { policies, logger } = deps;
  const access = policies.access;
  const { router, route } = contractRouter('/api/policies/{id}/members', { mergeParams: true });

  const manageable = (request: Request, policyId: string) => {
    const user = currentUser(request);
    const policy = requirePolicy(policies, policyId, user, 'change');
    if (!access.mayManage(policy.id, user)) throw new HttpError(403, 'Only admins and the editors this policy is shared with can change who it is shared with');
    return { policy, user };
  };

  route(api.listMembers, ({ params, request, reply }) => {
    const policy = requirePolicy(policies, params.id, currentUser(request));
    reply(200, presentMembers(policy.sharing, access.mayManage(policy.id, currentUser(request)), access.members(policy.id), access.history(policy.id)));
  });

  route(api.addMembers, ({ params, request, reply }) => {
    const { policy, user } = manageable(request, params.id);
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
    reply(201, { added, members: access.members(policy.id).map(presentMember) });
  });

  route(api.removeMember, ({ params, request, reply }) => {
    const { policy, user } = manageable(request, params.id);
    if (!access.removeMember(policy.id, params.userId, user)) throw new HttpError(404, 'This person is not a member of this policy');
    logger.info('policy.member_removed', { policy: policy.id, by: user.id, user: params.userId });
    reply(200, { removed: params.userId, members: access.members(policy.id).map(presentMember) });
  });

  return router;
}

/** `GET /api/people`: every account's id, name and department, for editors and admins choosing whom to share with. */
export function peopleRoute(policies: PolicyService): Router {
  const { router, route } = contractRouter('/api/people');
  route(api.listPeople, ({ request, reply }) => {
    if (currentUser(request).role === 'viewer') throw new HttpError(403, 'Viewers can read but not change anything');
    reply(200, policies.access.people().map(presentPerson));
  });
  return router;
}
