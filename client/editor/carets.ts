import type { Awareness } from 'y-protocols/awareness';
import { personKey, roomColors, type PresentPerson } from '../../shared/personColor';
import './carets.css';

/** The person a presence state's `user` names, if it names one (a name and a colour). */
function presentPerson(user: Partial<PresentPerson> | undefined): PresentPerson | null {
  if (!user?.name || !user.color) return null;
  return { name: user.name, color: user.color, ...(user.department ? { department: user.department } : {}) };
}

/** The people in the room now, as the server named them on their connections. */
function peopleIn(awareness: Awareness): PresentPerson[] {
  const people: PresentPerson[] = [];
  awareness.getStates().forEach((state) => {
    const person = presentPerson((state as { user?: Partial<PresentPerson> }).user);
    if (person) people.push(person);
  });
  return people;
}

/** The colour `user` is shown in, so nobody in the room shares a colour with someone else. */
export function shownColor(awareness: Awareness, user: Partial<PresentPerson>): string {
  const person = presentPerson(user);
  if (!person) return user.color ?? '#455A64';
  return roomColors(peopleIn(awareness)).get(personKey(person)) ?? person.color;
}

/**
 * CollaborationCaret's `render` and `selectionRender`: carets in the room's distinct colours,
 * each with a small name label above the line that fades after a moment (carets.css) and
 * comes back on hover, so it never sits over text people are reading.
 */
export function caretOptions(awareness: Awareness) {
  relabelMovedCarets(awareness);
  return {
    render: (user: Record<string, unknown>): HTMLElement => {
      const color = shownColor(awareness, user as Partial<PresentPerson>);
      const caret = document.createElement('span');
      caret.classList.add('collaboration-carets__caret');
      caret.style.borderColor = color;
      const key = keyOf(user as Partial<PresentPerson>);
      if (key) caret.dataset.person = key;
      caret.append(caretLabel(String(user.name ?? ''), color));
      return caret;
    },
    selectionRender: (user: Record<string, unknown>) => ({
      class: 'ProseMirror-yjs-selection',
      style: `background-color: ${shownColor(awareness, user as Partial<PresentPerson>)}33`,
    }),
  };
}

/** A caret's name label; a new one starts visible and fades (carets.css). */
function caretLabel(name: string, color: string): HTMLElement {
  const label = document.createElement('span');
  label.classList.add('collaboration-carets__label');
  label.style.backgroundColor = color;
  label.textContent = name;
  return label;
}

/** Whose a caret is, as `personKey` names people. */
function keyOf(user: Partial<PresentPerson> | undefined): string | null {
  const person = presentPerson(user);
  return person ? personKey(person) : null;
}

const relabelled = new WeakSet<Awareness>();

/**
 * When someone's caret moves, its label shows again. ProseMirror keeps a caret's element while
 * only its position changes (the widget keeps its key), so the label's fade would not start over
 * by itself: each moved caret gets a fresh label once the editor has drawn the move.
 */
function relabelMovedCarets(awareness: Awareness): void {
  if (relabelled.has(awareness)) return;
  relabelled.add(awareness);
  const lastCursor = new Map<number, string>();
  awareness.on('change', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
    for (const clientId of removed) lastCursor.delete(clientId);
    const moved: string[] = [];
    for (const clientId of [...added, ...updated]) {
      if (clientId === awareness.clientID) continue;
      const state = awareness.getStates().get(clientId) as { user?: Partial<PresentPerson>; cursor?: unknown } | undefined;
      const cursor = JSON.stringify(state?.cursor ?? null);
      if (lastCursor.get(clientId) === cursor) continue;
      lastCursor.set(clientId, cursor);
      const key = keyOf(state?.user);
      if (key && state?.cursor) moved.push(key);
    }
    if (moved.length === 0 || typeof requestAnimationFrame !== 'function') return;
    requestAnimationFrame(() => {
      for (const caret of document.querySelectorAll<HTMLElement>('.collaboration-carets__caret')) {
        if (!caret.dataset.person || !moved.includes(caret.dataset.person)) continue;
        const label = caret.querySelector<HTMLElement>('.collaboration-carets__label');
        label?.replaceWith(caretLabel(label.textContent ?? '', label.style.backgroundColor));
      }
    });
  });
}
