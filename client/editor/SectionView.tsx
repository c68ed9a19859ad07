import { NodeViewContent, NodeViewWrapper, type ReactNodeViewProps } from '@tiptap/react';
import { gradeLabel, needsAttention } from '../../shared/readability';
import { approversFromAttribute } from '../../shared/sections';
import { requiredDepartments } from '../../shared/signoffRules';
import { useDepartmentLookup } from '../departments';
import { CommentIcon } from '../comments/CommentIcon';
import { useComments } from '../comments/commentsContext';
import { useOpenThreadCount } from '../comments/openThreadCounts';
import { SignoffChips } from './SignoffChips';
import { SectionMenu } from './SectionMenu';
import { usePolicyContext } from './policyContext';
import { useSectionState } from './policySections';
import './readingLevel.css';

/** A policy section in the editor: who owns it, who must approve it, its sign-offs, then its text. */
export function SectionView({ node, editor }: ReactNodeViewProps) {
  const context = usePolicyContext();
  const departments = useDepartmentLookup();
  const id = node.attrs.id as string;
  const owner = node.attrs.owner as string;
  const approvers = approversFromAttribute(node.attrs.approvers);
  const title = node.firstChild?.textContent ?? '';
  const live = useSectionState(context.sections, id);
  const status = live?.status;
  const required = requiredDepartments({ owner, approvers });
  const mine = required.includes(context.user.department);
  const canSign = mine && context.user.role !== 'viewer' && context.user.role !== 'commenter';
  const canManage = context.user.role === 'admin' || (context.user.role === 'editor' && context.user.department === owner);
  const mySignoff = status?.signoffs.find((signoff) => signoff.department === context.user.department);
  const level = live?.level;
  const attention = level ? needsAttention(level, context.gradeTarget) : null;
  const comments = useComments();
  const openThreads = useOpenThreadCount(comments?.openCounts, id);

  return (
    <NodeViewWrapper as="section" className={`policy-section status-${status?.status ?? 'pending'}`} data-section-id={id} data-owner={owner}>
      <div className="section-meta" contentEditable={false}>
        <SignoffChips owner={owner} required={required} status={status} onShowChanges={(department) => context.onShowChanges(id, department)} />
        <div className="section-actions">
          {comments && openThreads > 0 && (
            <button type="button" className="comment-count" data-testid="section-comment-count" onClick={() => comments.showSection(id)} aria-label={`${openThreads} open ${openThreads === 1 ? 'comment thread' : 'comment threads'}. Show them`}>
              <CommentIcon /> {openThreads}
            </button>
          )}
          {level && attention && (
            <button
              type="button"
              className={['reading-badge', attention.overTarget ? 'over' : '', attention.longSentences ? 'long' : '', level.bodyWords === 0 ? 'empty' : ''].filter(Boolean).join(' ')}
              onClick={() => context.onShowReadability(id)}
              aria-label={
                level.bodyWords === 0
                  ? 'No text yet, so no reading level. Show details'
                  : // The name starts with the visible words (WCAG 2.5.3, label in name), then says more.
                    `${gradeLabel(level)}: reading level ${level.grade.toFixed(1)}${attention.overTarget ? ', above the target' : ''}. Show details`
              }
            >
              {gradeLabel(level)}
            </button>
          )}
          {canSign && !context.readOnly && (
            mySignoff?.valid ? (
              <button type="button" className="small" onClick={() => context.onRevoke(id)}>
                Revoke {departments.name(context.user.department)} sign-off
              </button>
            ) : (
              <button type="button" className="small primary" onClick={() => context.onSignOff(id)}>
                Sign off for {departments.name(context.user.department)}
              </button>
            )
          )}
          {!context.readOnly && <SectionMenu editor={editor} policyId={context.policyId} sectionId={id} owner={owner} approvers={approvers} title={title} canManage={canManage} />}
        </div>
      </div>
      <NodeViewContent className="section-body" />
    </NodeViewWrapper>
  );
}
