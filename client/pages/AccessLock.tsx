import type { Collaboration } from '../collab/useCollaboration';
import './access.css';
import { formatWhen } from '../formatWhen';

/** Someone who can give edit access, as the policy's answer names them. */
export interface Grantor {
  id: string;
  name: string;
}

/** "Ask Ada Admin or Bo Owner", or the generic way when nobody is known. */
function askWhom(grantors: readonly Grantor[]): string {
  const names = grantors.slice(0, 3).map((grantor) => grantor.name);
  if (names.length === 0) return 'Ask an admin or the policy’s owner';
  const list = names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]!}`;
  return `Ask ${list} (an admin or the policy’s owner)`;
}

/** Whether the page must not take edits: the server refused them, or refused edits wait for a decision. */
export function isLocked(collab: Collaboration | null): boolean {
  return Boolean(collab && (collab.refused !== null || collab.unsent !== null));
}

/** The status shown instead of "Connected" while the server takes no edits from this page. */
export function LockedStatus({ collab }: { collab: Collaboration }) {
  const label = collab.refused === 'signed-out' ? 'Signed out: not saving' : collab.refused === 'removed' ? 'No access: not saving' : collab.refused === 'read-only' ? 'Read only: not saving' : 'Unsent changes held';
  return (
    <span className="connection connection-locked" role="status" aria-live="polite" data-connection="locked">
      <span className="connection-dot" aria-hidden="true" />
      {label}
    </span>
  );
}

/**
 * Why the editor is locked and the way forward: sign in again, ask for edit access, or apply or
 * discard the edits the server did not take.
 */
export function AccessLock({ collab, canEdit, grantors }: { collab: Collaboration; canEdit: boolean; grantors: readonly Grantor[] }) {
  const { refused, unsent } = collab;
  if (refused === null && unsent === null) return null;
  const kept = unsent ? ` Your ${unsent.count === 1 ? 'change' : `${unsent.count} changes`} not yet saved ${unsent.count === 1 ? 'is' : 'are'} kept on this device.` : '';
  let message: string;
  let action: React.ReactNode = null;
  if (refused === 'signed-out') {
    message = `Your session has ended, so the server is not taking your edits and the editor is locked.${kept}`;
    action = (
      <button type="button" className="primary" onClick={() => window.dispatchEvent(new CustomEvent('accord:signed-out'))}>
        Sign in again
      </button>
    );
  } else if (refused === 'removed') {
    message = `You no longer have access to this policy, so the editor is locked.${kept} ${askWhom(grantors)} to give you access again.`;
  } else if (refused === 'read-only' || !canEdit) {
    message = `You can read this policy but not edit it any more, so the editor is locked.${kept} ${askWhom(grantors)} for edit access.`;
  } else {
    message = '';
  }
  return (
    <div className="notice access-lock" role="alert" data-testid="access-lock">
      {message && <p>{message}</p>}
      {action}
      {unsent && refused === null && canEdit && (
        <div className="access-unsent" data-testid="unsent-offer">
          <p>
            You have {unsent.count} unsent {unsent.count === 1 ? 'change' : 'changes'} from {formatWhen(unsent.since)}. Apply them to the shared
            policy, or discard them and load the policy as everyone sees it.
          </p>
          <div className="access-actions">
            <button type="button" className="primary" onClick={collab.applyUnsent}>
              Apply my changes
            </button>
            <button type="button" onClick={() => void collab.discardLocalChanges()}>
              Discard them
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
