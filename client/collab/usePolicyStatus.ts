import { useCallback, useEffect, useState } from 'react';
import { POLICY_EVENTS, type PolicyDetail, type PolicySection, type SectionStateBody } from '../../shared/api';
import { onPolicyEvent, request, routes } from '../api';
import { acquirePolicyStream } from './policyStream';

/**
 * A section as the page holds it: the event stream sends only the sign-off state, so a section
 * added since the page loaded has no reading level or last author until the next full load.
 */
export type ServerSection = SectionStateBody & Partial<Pick<PolicySection, 'readability' | 'lastChangedBy' | 'lastChangedAt'>>;

/** The policy as the page holds it: the full answer of `GET /api/policies/{id}`, kept current by its event stream. */
export type LivePolicy = Omit<PolicyDetail, 'sections'> & { sections: ServerSection[] };

/**
 * The policy as the server sees it, kept current by the server's event stream:
 * sign-offs by anyone appear here without reloading, and so does an endorsement (`endorsedAt`,
 * which enables exporting the last endorsed version).
 */
export function usePolicyStatus(policyId: string) {
  const [policy, setPolicy] = useState<LivePolicy | null>(null);
  const [error, setError] = useState<{ status: number; message: string } | null>(null);

  const reload = useCallback(async () => {
    try {
      setPolicy(await request(routes.getPolicy, { params: { id: policyId } }));
      setError(null);
    } catch (caught) {
      const failure = caught as { status?: number; message: string };
      setError({ status: failure.status ?? 0, message: failure.message });
    }
  }, [policyId]);

  useEffect(() => {
    void reload();
    // The stream is shared with the page's other listeners (comment threads): see policyStream.ts.
    const stream = acquirePolicyStream(policyId);
    const stop = onPolicyEvent(stream.source, POLICY_EVENTS.status, (data) => {
      setPolicy((current) => (current ? { ...current, status: data.status, structureChanged: data.structureChanged, confirmations: data.confirmations, fingerprint: data.fingerprint, endorsedAt: data.endorsedAt, sections: data.sections.map((section) => ({ ...current.sections.find((old) => old.id === section.id), ...section })) } : current));
    });
    return () => {
      stop();
      stream.release();
    };
  }, [policyId, reload]);

  return { policy, error, reload };
}
