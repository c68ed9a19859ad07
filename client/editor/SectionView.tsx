import { NodeViewContent, NodeViewWrapper, type ReactNodeViewProps } from '@tiptap/react';
import { gradeLabel, needsAttention } from '../../shared/readability';
import { approversFromAttribute } from '../../shared/sections';
import { listInWords } from '../../shared/inventory/listInWords';
import { requiredDepartments } from '../../shared/signoffRules';
import { useDepartmentLookup } from '../departments';
import { CommentIcon } from '../comments/CommentIcon';
import { useComments } from '../comments/commentsContext';
import { useOpenThreadCount } from '../comments/openThreadCounts';
import { SignoffChips } from './SignoffChips';
import { SectionMenu } from './SectionMenu';
import { usePolicyContext } from './policyContext';
import { useSectionState, useSectionsSummary, type PolicySections } from './policySections';
import { useCaretIn } from './caretSection';
import type { SectionStatusView } from './sectionStatus';
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
  const caretHere = useCaretIn(context.caret, id);

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
              title={`How hard this section is to read, as a US school grade: aim for grade ${context.gradeTarget} or easier. Click for details.`}
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
      {caretHere && !context.readOnly && status && <SignedEditNotice sections={context.sections} status={status} name={departments.name} department={context.user.department} />}
    </NodeViewWrapper>
  );
}

/**
 * While the caret is in a section someone has signed: what a change does to their sign-off, said
 * before the change is made (and after it, how to get the sign-off back). Nothing for a section
 * nobody signed. It sits at the foot of the section and sticks to the bottom of the window, so
 * the text being edited never moves.
 */
function SignedEditNotice({ sections, status, name, department }: { sections: PolicySections; status: SectionStatusView; name: (id: string) => string; /** The reader's own department. */ department: string }) {
  const summary = useSectionsSummary(sections);
  const mine = status.signoffs.find((signoff) => signoff.department === department);
  const valid = status.signoffs.filter((signoff) => signoff.valid).map((signoff) => name(signoff.department));
  const stale = status.signoffs.filter((signoff) => !signoff.valid).map((signoff) => name(signoff.department));
  if (valid.length === 0 && stale.length === 0) return null;
  const endorsed = summary.total > 0 && summary.signed === summary.total;
  return (
    <p className="signed-edit-notice" contentEditable={false} role="status" data-testid="signed-edit-notice">
      {valid.length > 0
        ? `Signed by ${listInWords(valid)}. Changing this text withdraws ${valid.length === 1 ? 'that sign-off until it is' : 'these sign-offs until they are'} given again${endorsed ? ', and ends the endorsement' : ''}.`
        : `Changed since ${listInWords(stale)} signed, so ${stale.length === 1 ? 'that sign-off no longer counts' : 'those sign-offs no longer count'}. Undo the change to bring ${stale.length === 1 ? 'it' : 'them'} back, ${mine && !mine.valid ? `or see “What changed” on the ${name(department)} chip and sign off again` : 'or ask for a new sign-off'}.`}
    </p>
  );
}

