import type { SectionStatus, SignoffView } from '../../shared/signoffRules';

/** A section's sign-off state as the client shows it. */
export interface SectionStatusView {
  status: SectionStatus;
  signoffs: SignoffView[];
  required: string[];
}
