import { Dialog } from '../components/Dialog';

/**
 * Asks before a department's sign-off is revoked: the section then waits for that department
 * again, and an endorsed policy is no longer endorsed until it signs. On a phone the Revoke button
 * takes the place of Sign off, so a second tap must not be enough.
 */
export function RevokeDialog({
  sectionTitle,
  departmentName,
  endsEndorsement,
  busy,
  error,
  onClose,
  onConfirm,
}: {
  sectionTitle: string;
  departmentName: string;
  /** The policy is endorsed now: revoking ends that. */
  endsEndorsement: boolean;
  busy: boolean;
  error: string | null;
  onClose: () => void;
  onConfirm: () => void;
}) {
  return (
    <Dialog title={`Revoke ${departmentName}’s sign-off?`} onClose={onClose}>
      <p>
        “{sectionTitle || 'Untitled section'}” will wait for {departmentName} to sign it again.
      </p>
      {endsEndorsement && (
        <p className="warning-text" data-testid="revoke-ends-endorsement">
          <strong>The policy is endorsed now.</strong> Revoking ends the endorsement until {departmentName} signs this section again; the endorsed
          version stays in the list of versions, and the staff link keeps showing it.
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          Keep the sign-off
        </button>
        <button type="button" className="danger" aria-disabled={busy || undefined} onClick={() => !busy && onConfirm()}>
          Revoke the sign-off
        </button>
      </div>
    </Dialog>
  );
}
