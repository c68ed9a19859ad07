import { eventStreamUrl, routes, type EventSourceLike } from '../api';

/**
 * One event stream per policy per page. The policy's status (sign-offs) and its comment threads
 * both listen to `GET /api/policies/{id}/events`; opening it once for both halves the
 * connections the server holds per reader (browsers also allow only six per host over HTTP/1.1).
 *
 * {@link acquirePolicyStream} hands out the shared EventSource; each holder adds its own
 * listeners (with `onPolicyEvent`), removes them when done and then calls `release`. The stream closes when its last holder lets go, a tick
 * later, so that a component re-mounting (React's strict mode runs effects twice) keeps it.
 */
export interface PolicyStreamHandle {
  source: EventSourceLike;
  release(): void;
}

interface SharedStream {
  source: EventSource;
  holders: number;
  closing: ReturnType<typeof setTimeout> | null;
}

const streams = new Map<string, SharedStream>();

export function acquirePolicyStream(policyId: string): PolicyStreamHandle {
  let shared = streams.get(policyId);
  if (!shared) {
    shared = { source: new EventSource(eventStreamUrl(routes.policyEvents, { params: { id: policyId } })), holders: 0, closing: null };
    streams.set(policyId, shared);
  }
  const stream = shared;
  if (stream.closing) {
    clearTimeout(stream.closing);
    stream.closing = null;
  }
  stream.holders += 1;
  let released = false;
  return {
    source: stream.source,
    release() {
      if (released) return;
      released = true;
      stream.holders -= 1;
      if (stream.holders > 0) return;
      stream.closing = setTimeout(() => {
        if (stream.holders > 0) return;
        stream.source.close();
        if (streams.get(policyId) === stream) streams.delete(policyId);
      }, 0);
    },
  };
}

/** How many policy streams this page has open (for tests and diagnostics). */
export function openPolicyStreams(): number {
  return streams.size;
}
