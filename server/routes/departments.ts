import { Router } from 'express';
import { z } from 'zod';
import { DEPARTMENT_COLOR_PATTERN, DEPARTMENT_ID_PATTERN } from '../../shared/departments';
import { currentUser, requireRole } from '../auth/access';
import { HttpError, parseBody } from '../httpError';
import type { Logger } from '../logger';
import { DEPARTMENT_NAME_MAX, DepartmentError, type DepartmentService } from '../services/departments';

const name = z
  .string('enter a name for the department')
  .trim()
  .min(1, 'enter a name for the department')
  .max(DEPARTMENT_NAME_MAX, `use at most ${DEPARTMENT_NAME_MAX} characters`);
const color = z.string('write the colour as # and six hex digits, such as #0072B2').regex(DEPARTMENT_COLOR_PATTERN, 'write the colour as # and six hex digits, such as #0072B2');
const createSchema = z.object({
  name,
  color: color.optional(),
  id: z
    .string('use 2 to 40 lowercase letters, digits or hyphens, starting with a letter')
    .regex(DEPARTMENT_ID_PATTERN, 'use 2 to 40 lowercase letters, digits or hyphens, starting with a letter')
    .optional(),
});
const updateSchema = z
  .object({ name: name.optional(), color: color.optional(), archived: z.boolean('write true or false').optional() })
  .refine((value) => value.name !== undefined || value.color !== undefined || value.archived !== undefined, 'give a name, a colour or archived to change');

function rethrow(error: unknown): never {
  if (error instanceof DepartmentError) throw new HttpError(error.status, error.message, error.field ? { field: error.field } : undefined);
  throw error;
}

/**
 * The organization's departments. Everyone signed in may read the list (archived ones too,
 * marked, so old sections and sign-offs still show their names); only admins change it.
 */
export function departmentRoutes(deps: { departments: DepartmentService; logger: Logger }): Router {
  const { departments, logger } = deps;
  const router = Router();
  const adminOnly = requireRole('admin');

  router.get('/', (_request, response) => {
    response.json(departments.list({ includeArchived: true }));
  });

  router.post('/', adminOnly, (request, response) => {
    const input = parseBody(createSchema, request.body);
    try {
      const department = departments.create({
        name: input.name,
        ...(input.color !== undefined ? { color: input.color } : {}),
        ...(input.id !== undefined ? { id: input.id } : {}),
      });
      logger.info('admin.department_created', { by: currentUser(request).id, department: department.id, name: department.name, color: department.color });
      response.status(201).json(department);
    } catch (error) {
      rethrow(error);
    }
  });

  router.patch('/:id', adminOnly, (request, response) => {
    const input = parseBody(updateSchema, request.body);
    const changes: { name?: string; color?: string; archived?: boolean } = {};
    if (input.name !== undefined) changes.name = input.name;
    if (input.color !== undefined) changes.color = input.color;
    if (input.archived !== undefined) changes.archived = input.archived;
    try {
      const department = departments.update(String(request.params.id), changes);
      logger.info('admin.department_changed', { by: currentUser(request).id, department: department.id, ...changes });
      response.json(department);
    } catch (error) {
      rethrow(error);
    }
  });

  return router;
}
