import type { Router } from 'express';
import { api } from '../../shared/api/routes';
import { currentUser } from '../auth/access';
import type { Logger } from '../logger';
import { checkPlaceholderNames, type PlaceholderService } from '../services/placeholders';
import type { PolicyService } from '../services/policies';
import { contractRouter } from './contractRouter';
import { requirePolicy } from './policies';

/** The values a policy's team fills in once for its `{{name}}` placeholders. */
export function placeholderRoutes(deps: { policies: PolicyService; placeholders: PlaceholderService; logger: Logger }): Router {
  const { router, route } = contractRouter('/api/policies/{id}/placeholders', { mergeParams: true });

  route(api.getPlaceholders, ({ params, request, reply }) => {
    const policy = requirePolicy(deps.policies, params.id, currentUser(request));
    reply(200, deps.placeholders.overview(policy.id));
  });

  route(api.fillPlaceholders, ({ params, body, request, reply }) => {
    const user = currentUser(request);
    const policy = requirePolicy(deps.policies, params.id, user, 'change');
    checkPlaceholderNames(body.values, 'values');
    const result = deps.placeholders.fill(policy.id, body.values, user.id, { keepSigned: body.keepSigned ?? false });
    deps.logger.info('placeholders.filled', {
      policy: policy.id,
      by: user.id,
      names: Object.keys(body.values),
      changed: result.changed.map((section) => section.sectionId),
      stale: result.changed.filter((section) => section.staleSignoffs.length > 0).map((section) => section.sectionId),
    });
    reply(200, result);
  });

  return router;
}
