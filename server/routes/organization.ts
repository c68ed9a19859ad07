import type { Router } from 'express';
import { api } from '../../shared/api/routes';
import { currentUser } from '../auth/access';
import type { Logger } from '../logger';
import type { OrganizationService } from '../services/organization';
import { contractRouter } from './contractRouter';

/** The organization's name: everyone signed in may read it; admins set it. */
export function organizationRoutes(deps: { organization: OrganizationService; logger: Logger }): Router {
  const { organization, logger } = deps;
  const { router, route } = contractRouter('/api/organization');

  route(api.getOrganization, ({ reply }) => {
    reply(200, organization.get());
  });

  route(api.updateOrganization, ({ body, request, reply }) => {
    const by = currentUser(request).id;
    const before = organization.name();
    const after = organization.set(body.name, by);
    logger.info('admin.organization_renamed', { by, before, after: after.name });
    reply(200, after);
  });

  return router;
}
