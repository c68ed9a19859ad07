import type { Router } from 'express';
import { api } from '../../shared/api/routes';
import { currentUser } from '../auth/access';
import type { Logger } from '../logger';
import type { DepartmentService } from '../services/departments';
import { presentDepartment } from '../presenters/department';
import { contractRouter } from './contractRouter';

/**
 * The organization's departments. Everyone signed in may read the list (archived ones too,
 * marked, so old sections and sign-offs still show their names); only admins change it.
 */
export function departmentRoutes(deps: { departments: DepartmentService; logger: Logger }): Router {
  const { departments, logger } = deps;
  const { router, route } = contractRouter('/api/departments');

  route(api.listDepartments, ({ reply }) => {
    reply(200, departments.list({ includeArchived: true }).map(presentDepartment));
  });

  route(api.createDepartment, ({ body: input, request, reply }) => {
    const department = departments.create({
      name: input.name,
      ...(input.color !== undefined ? { color: input.color } : {}),
      ...(input.id !== undefined ? { id: input.id } : {}),
    });
    logger.info('admin.department_created', { by: currentUser(request).id, department: department.id, name: department.name, color: department.color });
    reply(201, presentDepartment(department));
  });

  route(api.updateDepartment, ({ params, body: input, request, reply }) => {
    const changes: { name?: string; color?: string; archived?: boolean } = {};
    if (input.name !== undefined) changes.name = input.name;
    if (input.color !== undefined) changes.color = input.color;
    if (input.archived !== undefined) changes.archived = input.archived;
    const department = departments.update(params.id, changes);
    logger.info('admin.department_changed', { by: currentUser(request).id, department: department.id, ...changes });
    reply(200, presentDepartment(department));
  });

  return router;
}
