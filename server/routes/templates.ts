import type { Router } from 'express';
import { api } from '../../shared/api/routes';
import { HttpError } from '../httpError';
import { presentTemplateDetail, presentTemplateSummary } from '../presenters/template';
import type { TemplateCatalog } from '../templates/templateCatalog';
import { contractRouter } from './contractRouter';

export function templateRoutes(catalog: TemplateCatalog): Router {
  const { router, route } = contractRouter('/api/templates');
  route(api.listTemplates, ({ query, reply }) => {
    reply(200, catalog.summaries(query.q).map(presentTemplateSummary));
  });
  route(api.getTemplate, ({ params, reply }) => {
    const template = catalog.get(params.id);
    if (!template) throw new HttpError(404, 'No template with this id');
    reply(200, presentTemplateDetail(catalog.detail(template)));
  });
  return router;
}
