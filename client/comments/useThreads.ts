import { useCallback, useEffect, useMemo, useState } from 'react';
import { POLICY_EVENTS } from '../../shared/api';
import type { Thread } from '../../shared/api/comments';
import { onPolicyEvent, request, routes } from '../api';
import { errorMessage } from '../errorMessage';
import { acquirePolicyStream } from '../collab/policyStream';

/** The policy's comment threads, kept current by the policy's event stream (`threads` events) and after one's own actions. */
export function useThreads(policyId: string) {
  const [threads, setThreads] = useState<Thread[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(async () => {
    try {
      const list = await request(routes.listThreads, { params: { id: policyId } });
      setThreads(list);
      setError(null);
    } catch (caught) {
      setError(errorMessage(caught, 'Could not load the comments'));
    }
  }, [policyId]);

  useEffect(() => {
    void reload();
    // The page's one stream for this policy, shared with usePolicyStatus.
    const stream = acquirePolicyStream(policyId);
    const { source } = stream;
    const stop = onPolicyEvent(source, POLICY_EVENTS.threads, () => void reload());
    // Events missed while the stream was down: the list is fetched again when it reconnects.
    const reopened = () => void reload();
    source.addEventListener('open', reopened);
    return () => {
      stop();
      source.removeEventListener('open', reopened);
      stream.release();
    };
  }, [policyId, reload]);

  const byId = useMemo(() => new Map((threads ?? []).map((thread) => [thread.id, thread])), [threads]);
  return { threads: threads ?? [], loaded: threads !== null, byId, error, reload };
}

