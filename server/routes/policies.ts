import { Router } from 'express';
import { z } from 'zod';
import { MAX_TITLE_LENGTH } from '../../shared/limits';
import { POLICY_ID_PATTERN } from '../../shared/protocol';
import { readSectionsFromYDoc } from '../../shared/sections';
import type { Rooms } from '../collab/rooms';
import { HttpError, parseBody } from '../httpError';
import type { PolicyService } from '../services/policies';
import { blankPolicyJSON } from '../services/policyDocuments';

const createPolicySchema = z.object({
  title: z.string().trim().min(1, 'a title is required').max(MAX_TITLE_LENGTH, `at most ${MAX_TITLE_LENGTH} characters`),
});

export function policyRoutes(deps: { policies: PolicyService; rooms: Rooms }): Router {
  const router = Router();

  router.get('/', (_request, response) => {
    response.json(deps.policies.list().map(({ id, title, organization, createdAt, updatedAt }) => ({ id, title, organization, createdAt, updatedAt })));
  });

  router.post('/', (request, response) => {
    const input = parseBody(createPolicySchema, request.body);
    const policy = deps.policies.create({ title: input.title, content: blankPolicyJSON(input.title) });
    response.status(201).json({ id: policy.id });
  });

  router.get('/:id', (request, response) => {
    const policy = requirePolicy(deps.policies, request.params.id);
    const sections = deps.rooms.withDocument(policy.id, readSectionsFromYDoc);
    response.json({
      id: policy.id,
      title: policy.title,
      organization: policy.organization,
      sections: sections.map(({ id, title, owner, approvers, hash }) => ({ id, title, owner, approvers, hash })),
    });
  });

  return router;
}

/** The policy with this id, or a 404 that says so. */
export function requirePolicy(policies: PolicyService, id: string | undefined) {
  const policy = id && POLICY_ID_PATTERN.test(id) ? policies.get(id) : null;
  if (!policy) throw new HttpError(404, 'No policy with this id');
  return policy;
}
