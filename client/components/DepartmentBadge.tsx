import { departmentById } from '../../shared/departments';

/** A department's name with its colour, as a small badge. `outline` marks approvers. */
export function DepartmentBadge({ id, outline = false, label }: { id: string; outline?: boolean; label?: string }) {
  const department = departmentById(id);
  const color = department?.color ?? '#666';
  return (
    <span
      className={outline ? 'badge badge-outline' : 'badge'}
      style={outline ? { borderColor: color, color: '#1f2328' } : { background: color, borderColor: color }}
      title={label ? `${label}: ${department?.name ?? id}` : department?.name ?? id}
    >
      {outline && <span className="badge-dot" style={{ background: color }} aria-hidden="true" />}
      {department?.name ?? id}
    </span>
  );
}
