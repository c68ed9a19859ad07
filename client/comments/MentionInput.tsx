import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type TextareaHTMLAttributes } from 'react';
import { request, routes } from '../api';
import { useActiveDepartments } from '../departments';
import { insertMention, matchMentions, mentionAt, type MentionCandidate } from './mentionQuery';

// People are loaded once per page, when a comment box is first used.
let people: Promise<MentionCandidate[]> | null = null;
function loadPeople(): Promise<MentionCandidate[]> {
  people ??= request(routes.listPeople).then(
    (list) => list.map((person) => ({ kind: 'person' as const, id: person.id, name: person.name, detail: person.department })),
    () => {
      people = null;
      return [];
    },
  );
  return people;
}

type TextareaProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onChange'>;

interface MentionInputProps extends TextareaProps {
  value: string;
  onValueChange: (value: string) => void;
  inputRef?: React.RefObject<HTMLTextAreaElement | null>;
}

/** A plain-text box in which "@" suggests people and departments and inserts "@Name". */
export function MentionInput({ value, onValueChange, inputRef, onKeyDown, ...rest }: MentionInputProps) {
  const departments = useActiveDepartments();
  const [persons, setPersons] = useState<MentionCandidate[]>([]);
  const [mention, setMention] = useState<{ start: number; query: string } | null>(null);
  const [highlighted, setHighlighted] = useState(0);
  const listId = useId();
  const own = useRef<HTMLTextAreaElement>(null);
  /** Where the caret stood right after a chosen name and its space, until the next key. */
  const afterMention = useRef<number | null>(null);
  const box = inputRef ?? own;
  const candidates = useMemo(
    () => [...persons.map((person) => ({ ...person, detail: departments.find((department) => department.id === person.detail)?.name ?? person.detail })), ...departments.map((department) => ({ kind: 'department' as const, id: department.id, name: department.name, detail: 'Department' }))],
    [persons, departments],
  );
  const suggestions = mention ? matchMentions(candidates, mention.query) : [];
  const open = suggestions.length > 0;
  useEffect(() => setHighlighted(0), [mention?.query]);

  const follow = (element: HTMLTextAreaElement) => setMention(mentionAt(element.value, element.selectionStart));
  const choose = (candidate: MentionCandidate) => {
    const element = box.current;
    if (!mention || !element) return;
    const next = insertMention(value, mention.start, element.selectionStart, candidate.name);
    onValueChange(next.text);
    setMention(null);
    afterMention.current = next.caret;
    requestAnimationFrame(() => {
      element.focus();
      element.setSelectionRange(next.caret, next.caret);
    });
  };
  const keyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // The name came with its space: a space typed right after it (as one does after a word) is that space.
    const caret = afterMention.current;
    afterMention.current = null;
    const element = event.currentTarget;
    if (event.key === ' ' && caret !== null && element.selectionStart === caret && element.selectionEnd === caret && value[caret - 1] === ' ') {
      event.preventDefault();
      return;
    }
    if (open) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        setHighlighted((index) => (index + (event.key === 'ArrowDown' ? 1 : suggestions.length - 1)) % suggestions.length);
        return;
      }
      if ((event.key === 'Enter' && !event.ctrlKey && !event.metaKey) || event.key === 'Tab') {
        const candidate = suggestions[highlighted];
        if (candidate) {
          event.preventDefault();
          choose(candidate);
          return;
        }
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        setMention(null);
        return;
      }
    }
    onKeyDown?.(event);
  };
  return (
    <div className="mention-input">
      <textarea
        {...rest}
        ref={box}
        value={value}
        aria-autocomplete="list"
        aria-controls={open ? listId : undefined}
        aria-activedescendant={open ? `${listId}-${highlighted}` : undefined}
        onFocus={() => void loadPeople().then(setPersons)}
        onChange={(event) => {
          onValueChange(event.target.value);
          follow(event.target);
        }}
        onSelect={(event) => follow(event.currentTarget)}
        onBlur={() => setMention(null)}
        onKeyDown={keyDown}
      />
      {open && (
        <ul id={listId} role="listbox" className="mention-suggestions" aria-label="People and departments to mention">
          {suggestions.map((candidate, index) => (
            <li
              key={`${candidate.kind}:${candidate.id}`}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === highlighted}
              // Chosen before the box loses focus.
              onMouseDown={(event) => {
                event.preventDefault();
                choose(candidate);
              }}
            >
              <span className="mention-name">{candidate.name}</span> <span className="mention-detail">{candidate.detail}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
