import { useState } from 'react';
import { Dialog } from '../components/Dialog';
import { useDepartmentLookup } from '../departments';

/** Confirms a sign-off, with an optional comment, for the section exactly as it is on screen. */
export function SignoffDialog({
  sectionTitle,
  department,
  onConfirm,
  onClose,
  error,
  busy,
  openThreads = 0,
  onShowThreads,
  unfilledPlaceholders = 0,
}: {
  sectionTitle: string;
  department: string;
  onConfirm: (comment: string) => void;
  onClose: () => void;
  error: string | null;
  busy: boolean;
  /** Open comment threads on the section: signing is allowed, but people should know. */
  openThreads?: number;
  onShowThreads?: () => void;
  /** `{{name}}` placeholders still in the section: signing is allowed, but the text is not finished. */
  unfilledPlaceholders?: number;
}) {
  const departments = useDepartmentLookup();
  const [comment, setComment] = useState('');
  return (
    <Dialog title={`Sign off “${sectionTitle || 'Untitled section'}”`} onClose={onClose}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          onConfirm(comment);
        }}
      >
        <p>
          You endorse this section for <strong>{departments.name(department)}</strong>, exactly as it reads now. If anyone changes it later, your sign-off will show as
          changed until your department signs again.
        </p>
        {openThreads > 0 && (
          <div className="notice signoff-open-threads" data-testid="signoff-open-threads">
            <p>
              This section has {openThreads === 1 ? 'an open comment thread' : `${openThreads} open comment threads`}. Someone may still be asking for a change; you can read
              {openThreads === 1 ? ' it' : ' them'} before you sign.
            </p>
            {onShowThreads && (
              <button type="button" className="small" onClick={onShowThreads}>
                Show the {openThreads === 1 ? 'thread' : 'threads'}
              </button>
            )}
          </div>
        )}
        {unfilledPlaceholders > 0 && (
          <p className="notice signoff-unfilled" data-testid="signoff-unfilled" role="note">
            This section still has {unfilledPlaceholders === 1 ? 'a placeholder' : `${unfilledPlaceholders} placeholders`} to fill in (shown highlighted). When
            someone fills {unfilledPlaceholders === 1 ? 'it' : 'them'} in, the text changes and your department must sign again.
          </p>
        )}
        <label className="field">
          <span>Comment (optional)</span>
          {/* Focus starts here, not on the ×, so Enter never closes the dialog by surprise; Ctrl+Enter signs. */}
          <textarea
            data-autofocus
            value={comment}
            onChange={(event) => setComment(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
                event.preventDefault();
                event.currentTarget.form?.requestSubmit();
              }
            }}
            rows={3}
            maxLength={1000}
          />
        </label>
        {error && <p className="error" role="alert">{error}</p>}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Signing…' : `Sign off for ${departments.name(department)}`}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
