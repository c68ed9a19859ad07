import type { ConnectionState } from '../collab/useCollaboration';

const LABELS: Record<ConnectionState, string> = {
  connected: 'Connected',
  connecting: 'Reconnecting…',
  offline: 'Offline — your edits are kept on this device',
};

/** Shows whether edits are reaching the others right now. */
export function ConnectionStatus({ state, reason }: { state: ConnectionState; reason: { code: number; reason: string; message?: string | null } | null }) {
  return (
    <span className={`connection connection-${state}`} role="status" aria-live="polite" data-connection={state}>
      <span className="connection-dot" aria-hidden="true" />
      {reason && state !== 'connected' ? (reason.message ?? reason.reason) : LABELS[state]}
    </span>
  );
}
