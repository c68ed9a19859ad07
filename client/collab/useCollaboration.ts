import { useContext, useEffect, useRef, useState } from 'react';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { AccessChanged, describeClose, EditsRefusedReason, jitterReconnects, shouldReconnect, Unauthorized } from '../../shared/closeCodes';
import { api, routeUrl } from '../../shared/api';
import { COLLAB_PATH, messageAuth, messageSync } from '../../shared/protocol';
import { DOCUMENT_FIELD } from '../../shared/sections';
import { SessionContext } from '../session';
import { heldChanges, holdChanges, offlineCopyName, releaseHeldChanges, trackOpenDocument, type HeldChanges } from './offlineCopies';

export type ConnectionState = 'connected' | 'connecting' | 'offline';

/**
 * Why the server takes no edits from this page: the connection is read-only (a viewer, or
 * demoted while connected), the session ended (sign in again), or access to the policy was removed.
 */
export type EditRefusal = 'read-only' | 'signed-out' | 'removed';

export interface Collaboration {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** True once either the local copy or the server has given us the document. */
  ready: boolean;
  /** True once the server has sent everything it has. */
  synced: boolean;
  connection: ConnectionState;
  /** Why the server closed the connection, when it is not a plain network drop. */
  closeReason: { code: number; reason: string; message: string | null } | null;
  /** Throws away this browser's copy of the policy (for changes the server refuses) and starts again from the server's. */
  discardLocalChanges: () => Promise<void>;
  /** Grows each time the server says this person's access changed or their session ended (the page asks /api/me again). */
  accessChanges: number;
  /** Set when the server refused this page's edits; the editor locks until access is back. */
  refused: EditRefusal | null;
  /** Edits this page holds that the server did not take (also after signing in again), to apply or discard. */
  unsent: HeldChanges | null;
  /** Sends the held edits again (a fresh sync with the server) and stops holding them. */
  applyUnsent: () => void;
  /** Connects while edits are held, without applying them (a viewer still follows the document). */
  follow: () => void;
  /**
   * The page learned (from /api/me or the policy's role) that this person may no longer edit, before
   * the server refused anything: lock the same way, keeping what was typed and not confirmed.
   */
  accessLost: () => void;
}

function collabUrl(): string {
  const protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${protocol}//${location.host}${COLLAB_PATH}`;
}

/**
 * Opens a policy's shared document: from the browser's own copy first (so it shows at once
 * and survives going offline), then from the server, merging both. `mayEdit` is whether the page
 * believes the person may edit (false for a viewer from the start): the server refusing the edits
 * of someone who never could is no news, so it locks nothing; once they could, a refusal locks.
 */
export function useCollaboration(policyId: string, mayEdit = true): Collaboration | null {
  const [collab, setCollab] = useState<Collaboration | null>(null);
  const couldEdit = useRef(false);
  if (mayEdit) couldEdit.current = true;
  const userId = useContext(SessionContext)?.user.id ?? 'anonymous';

  useEffect(() => {
    const doc = new Y.Doc();
    const copyName = offlineCopyName(userId, policyId);
    const local = new IndexeddbPersistence(copyName, doc);
    // Edits refused before (by a session that ended, say) wait for the person's word before anything is sent.
    const heldAtStart = heldChanges(copyName);
    const provider = new WebsocketProvider(collabUrl(), policyId, doc, {
      connect: heldAtStart === null,
      maxBackoffTime: 5000,
      // 44xx closes mean "this will not work by retrying", except a full room, which empties again.
      shouldReconnect: (event) => shouldReconnect(event.code),
    });
    // y-websocket retries on the same schedule for everyone; after a server restart that brings every
    // editor back in the same instant. Jittered back-off (shared/closeCodes) spreads them out.
    const stopJitter = jitterReconnects(provider);
    // Which local changes the server has confirmed: frames of one socket are handled in order, and the
    // server stores what it received before answering a sync step 1, so its answer to a step 1 sent
    // after a change confirms that change (a checkpoint).
    let localVersion = 0;
    let confirmedVersion = 0;
    /** When the oldest local change not yet confirmed was made. */
    let unconfirmedSince: string | null = null;
    /** Set once the server refused an edit: its later answers confirm nothing until the held edits are sent again. */
    let refusedAt: string | null = null;
    const discardLocalChanges = async () => {
      releaseHeldChanges(copyName);
      provider.destroy();
      await local.clearData();
      location.reload();
    };
    // A fresh sync sends the server whatever this copy holds that it lacks: the held edits.
    const resync = () => {
      if (provider.ws) {
        provider.once('status', () => provider.connect());
        provider.disconnect();
      } else provider.connect();
    };
    const applyUnsent = () => {
      releaseHeldChanges(copyName);
      refusedAt = null;
      update({ unsent: null, refused: null });
      resync();
    };
    const follow = () => {
      if (!provider.ws) provider.connect();
    };
    let state: Collaboration = {
      doc,
      provider,
      ready: false,
      synced: false,
      connection: 'connecting',
      closeReason: null,
      discardLocalChanges,
      accessChanges: 0,
      refused: null,
      unsent: heldAtStart,
      applyUnsent,
      follow,
      accessLost: () => {
        if (state.refused === null) refuse('read-only');
      },
    };
    const update = (changes: Partial<Collaboration>) => {
      state = { ...state, ...changes };
      setCollab(state);
    };
    setCollab(state);

    local.once('synced', () => {
      // An empty local copy shows nothing useful: wait for the server instead of flashing a blank page.
      if (doc.getXmlFragment(DOCUMENT_FIELD).length > 0) update({ ready: true });
    });
    provider.on('sync', (isSynced: boolean) => {
      if (isSynced) update({ synced: true, ready: true });
    });
    provider.on('status', ({ status }: { status: 'connected' | 'connecting' | 'disconnected' }) => {
      update({ connection: status === 'connected' ? 'connected' : navigator.onLine ? 'connecting' : 'offline', ...(status === 'connected' ? { closeReason: null } : {}) });
    });
    provider.on('connection-close', (event: CloseEvent | null) => {
      if (!event || event.code < 4000) return;
      const closeReason = { code: event.code, reason: event.reason, message: describeClose(event.code) };
      // A session that ended keeps the page as it is, locked, until the person signs in again.
      if (event.code === Unauthorized.code) refuse('signed-out', { closeReason });
      else if (event.code === AccessChanged.code) refuse('removed', { closeReason, accessChanges: state.accessChanges + 1 });
      else update({ closeReason });
    });
    // A browser cannot see why an upgrade was refused, so a session that ended while this page was
    // away (offline, asleep) shows as a plain failed connection: ask whether the session still holds.
    let checkingSession = false;
    provider.on('connection-close', (event: CloseEvent | null) => {
      if (!event || event.code !== 1006 || !state.synced || !navigator.onLine || checkingSession || state.refused !== null) return;
      checkingSession = true;
      fetch(routeUrl(api.me), { credentials: 'same-origin' })
        .then((response) => {
          if (response.status !== 401 || state.refused !== null) return;
          provider.disconnect();
          refuse('signed-out', { closeReason: { code: Unauthorized.code, reason: Unauthorized.reason, message: describeClose(Unauthorized.code) } });
        })
        .catch(() => undefined)
        .finally(() => {
          checkingSession = false;
        });
    });
    const refuse = (refusal: EditRefusal, changes: Partial<Collaboration> = {}) => {
      refusedAt ??= new Date().toISOString();
      const count = localVersion - confirmedVersion;
      const unsent = count > 0 ? { count: Math.max(count, state.unsent?.count ?? 0), since: state.unsent?.since ?? unconfirmedSince ?? refusedAt } : state.unsent;
      if (unsent) holdChanges(copyName, unsent);
      update({ refused: refusal, unsent, ...changes });
    };
    let checkpoints: number[] = [];
    let checkpointTimer: ReturnType<typeof setTimeout> | undefined;
    const sendCheckpoint = () => {
      checkpointTimer = undefined;
      if (!provider.wsconnected || !provider.synced || !provider.ws || confirmedVersion === localVersion) return;
      if (checkpoints.length > 0 && checkpoints[checkpoints.length - 1] === localVersion) return;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, messageSync);
      syncProtocol.writeSyncStep1(encoder, doc);
      provider.ws.send(encoding.toUint8Array(encoder));
      checkpoints.push(localVersion);
    };
    const scheduleCheckpoint = () => {
      if (checkpointTimer === undefined) checkpointTimer = setTimeout(sendCheckpoint, 300);
    };
    // Everything not from the server counts, the browser's own copy included: it may hold edits made offline.
    doc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (origin === provider) return;
      if (localVersion === confirmedVersion) unconfirmedSince = new Date().toISOString();
      localVersion += 1;
      // Typed while refused (before the page locked): counted with what is held.
      if (refusedAt !== null && state.refused !== null) refuse(state.refused);
      scheduleCheckpoint();
    });
    const closeTracking = trackOpenDocument(copyName, () => confirmedVersion < localVersion);
    const handleSync = provider.messageHandlers[messageSync]!;
    provider.messageHandlers[messageSync] = (encoder, decoder, handler, emitSynced, messageType) => {
      const start = decoder.pos;
      const syncType = decoding.readVarUint(decoder);
      decoder.pos = start;
      // Before the first sync, a step 2 answers the provider's own step 1, not a checkpoint.
      const wasSynced = handler.synced;
      handleSync(encoder, decoder, handler, emitSynced, messageType);
      if (syncType === syncProtocol.messageYjsSyncStep2 && wasSynced && checkpoints.length > 0) {
        const checkpoint = checkpoints.shift()!;
        if (refusedAt === null) confirmedVersion = Math.max(confirmedVersion, checkpoint);
      }
    };
    // Permission denied, the connection staying: an edit was refused (read-only), or this person's
    // access changed (e.g. editor → viewer, or back), and the page asks /api/me what they may do now.
    provider.messageHandlers[messageAuth] = (_encoder, decoder) => {
      let reason = '';
      try {
        if (decoding.readVarUint(decoder) === 0) reason = decoding.readVarString(decoder);
      } catch {
        // an auth message without a reason: treat it as an access change
      }
      if (reason === EditsRefusedReason) {
        if (couldEdit.current) refuse('read-only');
      }
      // Promoted back, say: the lock lifts once /api/me says so; held edits wait to be applied.
      else {
        if (state.refused === 'read-only' && state.unsent === null) refusedAt = null;
        update({ accessChanges: state.accessChanges + 1, ...(state.refused === 'read-only' ? { refused: null } : {}) });
      }
    };
    provider.on('sync', (isSynced: boolean) => {
      if (isSynced) scheduleCheckpoint();
    });
    provider.on('status', ({ status }: { status: string }) => {
      if (status !== 'connected') checkpoints = [];
    });
    const goneOffline = () => update({ connection: 'offline' });
    // The socket may have survived a short outage: then no new 'status' event will come.
    const backOnline = () => update({ connection: provider.wsconnected ? 'connected' : 'connecting' });
    window.addEventListener('offline', goneOffline);
    window.addEventListener('online', backOnline);
    return () => {
      closeTracking();
      if (checkpointTimer !== undefined) clearTimeout(checkpointTimer);
      window.removeEventListener('offline', goneOffline);
      window.removeEventListener('online', backOnline);
      stopJitter();
      provider.destroy();
      void local.destroy();
      doc.destroy();
    };
  }, [policyId, userId]);

  return collab;
}
