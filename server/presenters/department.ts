import type { DepartmentBody } from '../../shared/api/departments';
import type { Department } from '../../shared/departments';

export function presentDepartment(department: Department): DepartmentBody {
  return { id: department.id, name: department.name, color: department.color, archived: department.archived };
}
