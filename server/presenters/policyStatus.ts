import type { StatusEvent } from '../../shared/api/events';
import type { PolicyState } from '../services/signoffs';
import { presentConfirmations } from './policy';
import { presentSectionState } from './signoff';

/** The event stream's `status` payload: enough for every open client to redraw chips and progress. */
export function presentPolicyStatus(state: PolicyState, endorsedAt: string | null): StatusEvent {
  return {
    status: state.status,
    structureChanged: state.structureChanged,
    confirmations: presentConfirmations(state.confirmations),
    title: state.title,
    fingerprint: state.fingerprint,
    endorsedAt,
    sections: state.sections.map(presentSectionState),
  };
}
