import { createContext, useContext } from 'react';
import type { CurrentUser } from '../session';
import type { PolicySections } from './policySections';
import type { CaretSection } from './caretSection';

/**
 * What every section's node view needs to know about the policy around it. It changes only
 * when the person, their access or the target changes; the live state of each section is read
 * from `sections`, so typing in one section re-renders only that section.
 */
export interface PolicyContextValue {
  policyId: string;
  user: CurrentUser;
  readOnly: boolean;
  /** Live sign-off state and reading level per section. */
  sections: PolicySections;
  /** The section the caret is in, while someone edits. */
  caret: CaretSection;
  /** Asks the page to sign off or revoke; the page talks to the server. */
  onSignOff: (sectionId: string) => void;
  onRevoke: (sectionId: string) => void;
  onShowChanges: (sectionId: string, department: string) => void;
  /** The policy's reading level target (grade). */
  gradeTarget: number;
  onShowReadability: (sectionId: string) => void;
}

export const PolicyContext = createContext<PolicyContextValue | null>(null);

export function usePolicyContext(): PolicyContextValue {
  const value = useContext(PolicyContext);
  if (!value) throw new Error('usePolicyContext outside PolicyContext');
  return value;
}
