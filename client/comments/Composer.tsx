import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { MAX_COMMENT_LENGTH } from '../../shared/limits';
import { MentionInput } from './MentionInput';
import { errorMessage } from '../errorMessage';

interface ComposerProps {
  label: string;
  submitLabel: string;
  initial?: string;
  autoFocus?: boolean;
  /** Posts the text; a rejection's message is shown under the box. */
  onSubmit: (body: string) => Promise<void>;
  onCancel?: () => void;
}

/** A plain-text comment box: Ctrl+Enter (⌘+Enter) posts, Escape cancels (asking first when something was written). */
export function Composer({ label, submitLabel, initial = '', autoFocus = false, onSubmit, onCancel }: ComposerProps) {
  const [body, setBody] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const box = useRef<HTMLTextAreaElement>(null);
  // Focused once, when the box appears (the autofocus attribute only works on a page's first load).
  useEffect(() => {
    if (autoFocus) box.current?.focus();
  }, []);
  const submit = async () => {
    if (busy) return;
    if (!body.trim()) {
      setError('Write something first: the comment is empty.');
      box.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onSubmit(body);
      setBody('');
    } catch (caught) {
      setError(errorMessage(caught, 'Could not post the comment.'));
    } finally {
      setBusy(false);
    }
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void submit();
    } else if (event.key === 'Escape' && onCancel) {
      event.preventDefault();
      event.stopPropagation();
      // Escape is easy to press by accident (closing a menu, leaving the box): a written draft is only dropped when the writer says so.
      const changed = body.trim() !== '' && body !== initial;
      if (changed && !window.confirm('Discard this unposted comment?')) return;
      onCancel();
    }
  };
  return (
    <form
      className="comment-composer"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <label htmlFor={id} className="comment-composer-label">{label}</label>
      <MentionInput
        inputRef={box}
        id={id}
        value={body}
        rows={3}
        maxLength={MAX_COMMENT_LENGTH}
        aria-describedby={`${id}-hint`}
        aria-invalid={error ? true : undefined}
        onValueChange={setBody}
        onKeyDown={onKeyDown}
      />
      <p id={`${id}-hint`} className="comment-hint">
        {/* A touch screen has no Ctrl key: there the Post button is the way. */}
        <span className="keyboard-only">Ctrl+Enter to post. </span>Type @ to mention a person or department.
      </p>
      {error && <p className="error" role="alert">{error}</p>}
      <div className="comment-composer-actions">
        {onCancel && <button type="button" className="small" onClick={onCancel}>Cancel</button>}
        <button type="submit" className="small primary" disabled={busy}>{busy ? 'Posting…' : submitLabel}</button>
      </div>
    </form>
  );
}
