import { useCallback, useEffect, useState } from 'react';
import type { PolicyStatus, SectionState } from '../../shared/signoffRules';
import { api } from '../api';

export interface ServerSection extends SectionState {
  readability?: { grade: number; readingEase: number };
  /** Who changed the section last, from the server's record of every update (not sent on the event stream). */
  lastChangedBy?: { id: string; name: string; department: string | null } | null;
  lastChangedAt?: string | null;
}

export interface PolicyDetail {
  id: string;
  title: string;
  organization: string;
  gradeTarget: number;
  status: PolicyStatus;
  /** Every section is signed, but the title or the order of sections changed since the last endorsement. */
  structureChanged: boolean;
  /** While `structureChanged`: which departments confirmed this version as a whole, and which are still to. */
  confirmations?: { confirmed: { department: string; userName: string; at: string }[]; waiting: string[] } | null;
  /** The person's role on this policy (a member viewer of a shared policy reads only). */
  role?: 'admin' | 'editor' | 'viewer' | null;
  fingerprint: string;
  endorsedAt: string | null;
  sections: ServerSection[];
}

/**
 * The policy as the server sees it, kept current by the server's event stream:
 * sign-offs by anyone appear here without reloading.
 */
export function usePolicyStatus(policyId: string) {
  const [policy, setPolicy] = useState<PolicyDetail | null>(null);
  const [error, setError] = useState<{ status: number; message: string } | null>(null);

  const reload = useCallback(async () => {
    try {
      setPolicy(await api<PolicyDetail>(`/api/policies/${policyId}`));
      setError(null);
    } catch (caught) {
      const failure = caught as { status?: number; message: string };
      setError({ status: failure.status ?? 0, message: failure.message });
    }
  }, [policyId]);

  useEffect(() => {
    void reload();
    const source = new EventSource(`/api/policies/${policyId}/events`);
    source.addEventListener('status', (event) => {
      const data = JSON.parse((event as MessageEvent<string>).data) as Pick<PolicyDetail, 'status' | 'structureChanged' | 'confirmations' | 'fingerprint' | 'sections'>;
      setPolicy((current) => (current ? { ...current, status: data.status, structureChanged: data.structureChanged, confirmations: data.confirmations ?? null, fingerprint: data.fingerprint, sections: data.sections.map((section) => ({ ...current.sections.find((old) => old.id === section.id), ...section })) } : current));
    });
    return () => source.close();
  }, [policyId, reload]);

  return { policy, error, reload };
}
