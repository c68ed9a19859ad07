import { createContext, useContext } from 'react';
import type { CurrentUser } from '../session';
import type { SectionStatusView } from './sectionStatus';

/** What every section's node view needs to know about the policy around it. */
export interface PolicyContextValue {
  policyId: string;
  user: CurrentUser;
  readOnly: boolean;
  /** Live sign-off state per section id. */
  statusBySection: Map<string, SectionStatusView>;
  /** Asks the page to sign off or revoke; the page talks to the server. */
  onSignOff: (sectionId: string) => void;
  onRevoke: (sectionId: string) => void;
  onShowChanges: (sectionId: string, department: string) => void;
  /** Reading level per section id (grade), and the policy's target. */
  gradeBySection: Map<string, number>;
  gradeTarget: number;
  onShowReadability: (sectionId: string) => void;
}

export const PolicyContext = createContext<PolicyContextValue | null>(null);

export function usePolicyContext(): PolicyContextValue {
  const value = useContext(PolicyContext);
  if (!value) throw new Error('usePolicyContext outside PolicyContext');
  return value;
}
