import { createContext, useContext } from 'react';
import type { OpenThreadCounts } from './openThreadCounts';

/** What the section headers and the outline need of the comments: open threads per section, and opening the panel on them. */
export interface CommentsContextValue {
  /** A store: views read one section's count with `useOpenThreadCount`, so others do not render again. */
  openCounts: OpenThreadCounts;
  /** Opens the panel showing the section's threads. */
  showSection: (sectionId: string) => void;
}

export const CommentsContext = createContext<CommentsContextValue | null>(null);

/** The comments around the editor; null on pages without them. */
export function useComments(): CommentsContextValue | null {
  return useContext(CommentsContext);
}
