import type { Awareness } from 'y-protocols/awareness';
import { personKey, roomColors, type PresentPerson } from '../../shared/personColor';
import './carets.css';

/** The people in the room now, as the server named them on their connections. */
function peopleIn(awareness: Awareness): PresentPerson[] {
  const people: PresentPerson[] = [];
  awareness.getStates().forEach((state) => {
    const user = (state as { user?: Partial<PresentPerson> }).user;
    if (user?.name && user.color) people.push({ name: user.name, color: user.color, ...(user.department ? { department: user.department } : {}) });
  });
  return people;
}

/** The colour `user` is shown in, so nobody in the room shares a colour with someone else. */
export function shownColor(awareness: Awareness, user: Partial<PresentPerson>): string {
  if (!user.name || !user.color) return user.color ?? '#455A64';
  const person: PresentPerson = { name: user.name, color: user.color, ...(user.department ? { department: user.department } : {}) };
  return roomColors(peopleIn(awareness)).get(personKey(person)) ?? user.color;
}

/**
 * CollaborationCaret's `render` and `selectionRender`: carets in the room's distinct colours,
 * each with a small name label above the line that fades after a moment (carets.css) and
 * comes back on hover, so it never sits over text people are reading.
 */
export function caretOptions(awareness: Awareness) {
  return {
    render: (user: Record<string, unknown>): HTMLElement => {
      const color = shownColor(awareness, user as Partial<PresentPerson>);
      const caret = document.createElement('span');
      caret.classList.add('collaboration-carets__caret');
      caret.style.borderColor = color;
      const label = document.createElement('span');
      label.classList.add('collaboration-carets__label');
      label.style.backgroundColor = color;
      label.textContent = String(user.name ?? '');
      caret.append(label);
      return caret;
    },
    selectionRender: (user: Record<string, unknown>) => ({
      class: 'ProseMirror-yjs-selection',
      style: `background-color: ${shownColor(awareness, user as Partial<PresentPerson>)}33`,
    }),
  };
}
