import { useEffect, useState } from 'react';
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { describeClose, jitterReconnects, shouldReconnect } from '../../shared/closeCodes';
import { COLLAB_PATH } from '../../shared/protocol';

export type ConnectionState = 'connected' | 'connecting' | 'offline';

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
}

function collabUrl(): string {
  const protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${protocol}//${location.host}${COLLAB_PATH}`;
}

/**
 * Opens a policy's shared document: from the browser's own copy first (so it shows at once
 * and survives going offline), then from the server, merging both.
 */
export function useCollaboration(policyId: string): Collaboration | null {
  const [collab, setCollab] = useState<Collaboration | null>(null);

  useEffect(() => {
    const doc = new Y.Doc();
    const local = new IndexeddbPersistence(`accord-policy-${policyId}`, doc);
    const provider = new WebsocketProvider(collabUrl(), policyId, doc, {
      maxBackoffTime: 5000,
      // 44xx closes mean "this will not work by retrying", except a full room, which empties again.
      shouldReconnect: (event) => shouldReconnect(event.code),
    });
    // y-websocket retries on the same schedule for everyone; after a server restart that brings every
    // editor back in the same instant. Jittered back-off (shared/closeCodes) spreads them out.
    const stopJitter = jitterReconnects(provider);
    const discardLocalChanges = async () => {
      provider.destroy();
      await local.clearData();
      location.reload();
    };
    let state: Collaboration = { doc, provider, ready: false, synced: false, connection: 'connecting', closeReason: null, discardLocalChanges };
    const update = (changes: Partial<Collaboration>) => {
      state = { ...state, ...changes };
      setCollab(state);
    };
    setCollab(state);

    local.once('synced', () => {
      // An empty local copy shows nothing useful: wait for the server instead of flashing a blank page.
      if (doc.getXmlFragment('default').length > 0) update({ ready: true });
    });
    provider.on('sync', (isSynced: boolean) => {
      if (isSynced) update({ synced: true, ready: true });
    });
    provider.on('status', ({ status }: { status: 'connected' | 'connecting' | 'disconnected' }) => {
      update({ connection: status === 'connected' ? 'connected' : navigator.onLine ? 'connecting' : 'offline', ...(status === 'connected' ? { closeReason: null } : {}) });
    });
    provider.on('connection-close', (event: CloseEvent | null) => {
      if (!event || event.code < 4000) return;
      update({ closeReason: { code: event.code, reason: event.reason, message: describeClose(event.code) } });
    });
    const goneOffline = () => update({ connection: 'offline' });
    // The socket may have survived a short outage: then no new 'status' event will come.
    const backOnline = () => update({ connection: provider.wsconnected ? 'connected' : 'connecting' });
    window.addEventListener('offline', goneOffline);
    window.addEventListener('online', backOnline);
    return () => {
      window.removeEventListener('offline', goneOffline);
      window.removeEventListener('online', backOnline);
      stopJitter();
      provider.destroy();
      void local.destroy();
      doc.destroy();
    };
  }, [policyId]);

  return collab;
}
