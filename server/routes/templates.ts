import { Router } from 'express';
import { HttpError } from '../httpError';
import type { TemplateCatalog } from '../templates/templateCatalog';

export function templateRoutes(catalog: TemplateCatalog): Router {
  const router = Router();
  router.get('/', (_request, response) => {
    response.json(catalog.summaries());
  });
  router.get('/:id', (request, response) => {
    const template = catalog.get(request.params.id);
    if (!template) throw new HttpError(404, 'No template with this id');
    response.json(catalog.detail(template));
  });
  return router;
}
