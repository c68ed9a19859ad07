import type { Router } from 'express';
import type { HealthBody } from '../../shared/api/health';
import { api } from '../../shared/api/routes';
import { docsPage } from '../docsPage';
import { openApiDocument } from '../openapi';
import { contractRouter } from './contractRouter';

/**
 * `GET /api/health`, and the API reference: `GET /api/openapi.json` and `GET /api/docs`. All
 * public: health is for monitors, and the reference describes the API, never any data.
 */
export function serverRoutes(deps: { health: () => HealthBody }): Router {
  const { router, route } = contractRouter('/api');
  let document: object | undefined;
  let page: string | undefined;

  route(api.health, ({ reply }) => {
    const health = deps.health();
    // 503 while the database refuses writes, so a load balancer or monitor notices.
    reply(health.ok ? 200 : 503, health);
  });

  route(api.openapi, ({ reply }) => {
    document ??= openApiDocument();
    reply(200, document as { openapi: string });
  });

  route(api.docs, ({ response }) => {
    page ??= docsPage();
    response.type('html').send(page);
  });

  return router;
}
