import { isPartlySigned as partlySigned, validSignoffCount, type SectionStatus, type SignoffView } from '../../shared/signoffRules';

/** A section's sign-off state as the client shows it. */
export interface SectionStatusView {
  status: SectionStatus;
  signoffs: SignoffView[];
  required: string[];
}

/** How many of the departments that must sign a section have a valid sign-off on it now. */
export function signedDepartmentCount(view: SectionStatusView): number {
  return validSignoffCount(view.required, view.signoffs);
}

/** A section still waiting for sign-off that some of its departments have signed already. */
export function isPartlySigned(view: SectionStatusView): boolean {
  return partlySigned(view.status, view.required, view.signoffs);
}

/** The outline's words for a section's state: "Signed", "Changed since signing", "1 of 2 departments signed", "Waiting for sign-off". */
export function statusSummaryWords(view: SectionStatusView | undefined): string {
  if (!view) return 'Waiting for sign-off';
  if (view.status === 'signed') return 'Signed by every department';
  if (view.status === 'stale') return 'Changed since signing';
  const signed = signedDepartmentCount(view);
  return signed > 0 ? `${signed} of ${view.required.length} departments signed` : 'Waiting for sign-off';
}
