import { useEffect, useState } from 'react';
import type { WebsocketProvider } from 'y-websocket';
import { personKey, roomColors } from '../../shared/personColor';
import { useDepartmentLookup } from '../departments';

interface Person {
  clientId: number;
  name: string;
  color: string;
  department?: string;
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]!.toUpperCase())
    .join('');
}

/** Who is in the document right now, from awareness (names and colours set by the server). */
export function PresenceBar({ provider }: { provider: WebsocketProvider }) {
  const departments = useDepartmentLookup();
  const [people, setPeople] = useState<Person[]>([]);
  useEffect(() => {
    const update = () => {
      const seen = new Map<string, Person>();
      provider.awareness.getStates().forEach((state, clientId) => {
        const user = (state as { user?: { name?: string; color?: string; department?: string } }).user;
        if (!user?.name) return;
        const key = `${user.name}|${user.department ?? ''}`;
        if (!seen.has(key)) seen.set(key, { clientId, name: user.name, color: user.color ?? '#666', ...(user.department ? { department: user.department } : {}) });
      });
      const colors = roomColors(seen.values()); // the same distinct colours as the carets
      const next = [...seen.values()].map((person) => ({ ...person, color: colors.get(personKey(person)) ?? person.color }));
      // Carets moving change awareness on every key press; only a change of who is here re-renders.
      const key = JSON.stringify(next);
      setPeople((current) => (JSON.stringify(current) === key ? current : next));
    };
    update();
    // Awareness changes can fire while another component renders (the editor sets its user
    // when it is created during render): update after that render, not inside it.
    let cancelled = false;
    const onChange = () => queueMicrotask(() => !cancelled && update());
    provider.awareness.on('change', onChange);
    return () => {
      cancelled = true;
      provider.awareness.off('change', onChange);
    };
  }, [provider]);

  return (
    <ul className="presence" aria-label={`${people.length} ${people.length === 1 ? 'person' : 'people'} in this policy`}>
      {people.map((person) => (
        <li key={person.clientId} className="avatar" style={{ background: person.color }} title={`${person.name}${person.department ? ` · ${departments.name(person.department)}` : ''}`}>
          <span aria-hidden="true">{initials(person.name)}</span>
          <span className="visually-hidden">
            {person.name}
            {person.department ? `, ${departments.name(person.department)}` : ''}
          </span>
        </li>
      ))}
    </ul>
  );
}
