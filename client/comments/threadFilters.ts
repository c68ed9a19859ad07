import type { Thread } from '../../shared/api/comments';
import type { CurrentUser } from '../session';

export type ThreadFilter = 'open' | 'resolved' | 'all' | 'mentions' | 'department';

export const FILTER_LABELS: Record<ThreadFilter, string> = {
  open: 'Open',
  resolved: 'Resolved',
  all: 'All',
  mentions: 'Mentioning me',
  department: 'My department',
};

/** Whether a thread passes a filter; `sectionDepartments` names who owns and approves a section. */
export function threadMatches(thread: Thread, filter: ThreadFilter, user: Pick<CurrentUser, 'id' | 'department'>, sectionDepartments: (sectionId: string) => readonly string[]): boolean {
  switch (filter) {
    case 'open':
      return thread.status === 'open';
    case 'resolved':
      return thread.status === 'resolved';
    case 'all':
      return true;
    case 'mentions':
      return thread.comments.some((comment) => comment.mentions.some((mention) => (mention.kind === 'person' ? mention.id === user.id : mention.id === user.department)));
    case 'department':
      return sectionDepartments(thread.sectionId).includes(user.department) || thread.comments.some((comment) => comment.author.department === user.department);
  }
}
