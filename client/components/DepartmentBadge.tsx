import { useDepartmentLookup } from '../departments';

/** Near-black or white, whichever contrasts more with this background (WCAG relative luminance). */
function textOn(background: string): string {
  if (!/^#[0-9a-f]{6}$/i.test(background)) return '#ffffff';
  const channel = (index: number) => {
    const value = parseInt(background.slice(index, index + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) ? '#111111' : '#ffffff';
}

/** A department's name with its colour, as a small badge. `outline` marks approvers. */
export function DepartmentBadge({ id, outline = false, label }: { id: string; outline?: boolean; label?: string }) {
  const department = useDepartmentLookup().byId(id);
  const color = department?.color ?? '#666';
  return (
    <span
      className={outline ? 'badge badge-outline' : 'badge'}
      style={outline ? { borderColor: color, color: '#1f2328' } : { background: color, borderColor: color, color: textOn(color) }}
      title={label ? `${label}: ${department?.name ?? id}` : department?.name ?? id}
    >
      {outline && <span className="badge-dot" style={{ background: color }} aria-hidden="true" />}
      {department?.name ?? id}
    </span>
  );
}
