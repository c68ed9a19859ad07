import { createContext, useContext } from 'react';

/** What the section headers and the outline need of the comments: open threads per section, and opening the panel on them. */
export interface CommentsContextValue {
  openCounts: ReadonlyMap<string, number>;
  /** Opens the panel showing the section's threads. */
  showSection: (sectionId: string) => void;
}

export const CommentsContext = createContext<CommentsContextValue | null>(null);

/** The comments around the editor; null on pages without them. */
export function useComments(): CommentsContextValue | null {
  return useContext(CommentsContext);
}
