import type { PolicyDetail, SectionStateBody } from '../../../shared/api';
import { readSectionsFromYDoc, type SectionInfo } from '../../../shared/sections';
import { connectClient, synced } from '../../support/collabClient';
import { call, type Session } from '../../support/session';

/** The sections of a policy as the server's live copy has them, read as a script would. */
export async function serverSections(url: string, session: Session, policyId: string): Promise<SectionInfo[]> {
  const client = connectClient(url, policyId, { headers: { cookie: session.cookie } });
  try {
    await synced(client);
    return readSectionsFromYDoc(client.doc);
  } finally {
    client.destroy();
  }
}

/** A section as the server reports it. */
export type ServerSection = SectionStateBody;

/** The policy as `GET /api/policies/:id` answers. */
export async function policyState(url: string, session: Session, policyId: string): Promise<PolicyDetail> {
  const response = await call<PolicyDetail>(url, `/api/policies/${policyId}`, { cookie: session.cookie });
  if (response.status !== 200) throw new Error(`GET policy answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body;
}

/** Signs a section as this person, for the hash the server has now. */
export async function signSection(url: string, session: Session, policyId: string, sectionId: string, hash: string): Promise<void> {
  const response = await call(url, `/api/policies/${policyId}/sections/${sectionId}/signoffs`, { json: { hash }, cookie: session.cookie });
  if (response.status !== 201) throw new Error(`sign-off of ${sectionId} by ${session.user.department} answered ${response.status}: ${JSON.stringify(response.body)}`);
}
