import type { Editor } from '@tiptap/core';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { DEFAULT_GRADE_TARGET } from '../../shared/readability';
import type { Signoff } from '../../shared/signoffRules';
import * as CloseEvents from '../../shared/closeCodes';
import { request, routes } from '../api';
import { errorMessage } from '../errorMessage';
import { useCollaboration } from '../collab/useCollaboration';
import { usePolicyStatus } from '../collab/usePolicyStatus';
import { localToday, reviewState, reviewWords } from '../../shared/reviewDate';
import { ConnectionStatus } from '../components/ConnectionStatus';
import { PresenceBar } from '../components/PresenceBar';
import { StatusPill } from '../components/StatusPill';
import { STRUCTURE_CHANGED_LABEL } from './statusLabel';
import { Outline } from '../editor/Outline';
import { PolicyEditor } from '../editor/PolicyEditor';
import { PolicyContext, type PolicyContextValue } from '../editor/policyContext';
import { CaretSection } from '../editor/caretSection';
import { PolicySections, useOutlineRows, usePolicyTitle, useSection, useSectionsSummary } from '../editor/policySections';
import { ExportMenu } from '../components/ExportMenu';
import { onLinkClick } from '../router';
import { useCurrentUser, type CurrentUser } from '../session';
import { AccessLock, isLocked, LockedStatus } from './AccessLock';
import { CommentHighlights } from '../comments/CommentHighlights';
import { CommentsContext } from '../comments/commentsContext';
import { usePolicyComments } from '../comments/usePolicyComments';
import { EndorsementMoment } from './EndorsementMoment';
import { lazyDialog } from '../components/lazyDialog';
import { useDepartmentLookup } from '../departments';
import { listInWords } from '../../shared/inventory/listInWords';
import { lazyPart } from '../components/lazyPart';
import { ClauseLibraryButton } from '../clauses/ClauseLibraryButton';
import { ClauseOrigins } from '../clauses/ClauseOrigins';
import { sectionInView } from '../clauses/sectionInView';
import { FillInButton } from '../placeholders/FillInButton';
import { onFillInAsked } from '../placeholders/fillInEvents';
import { useScrollCue } from '../useScrollCue';
import { usePolicyToolbarHeight } from './usePolicyToolbarHeight';
import { stuckHeight } from '../editor/stickyBars';
import { usePlaceholderCounts } from '../placeholders/placeholderCounts';

// The dialogs load when first opened: the editor page is ready without their code.
const ChangesDialog = lazyDialog(() => import('../editor/ChangesDialog'), (module) => module.ChangesDialog, 'The list of changes');
const ReadabilityDialog = lazyDialog(() => import('../editor/ReadabilityDialog'), (module) => module.ReadabilityDialog, 'The reading level details');
const ShareDialog = lazyDialog(() => import('../components/ShareDialog'), (module) => module.ShareDialog, 'Sharing');
const ClauseLibraryDialog = lazyDialog(() => import('../clauses/ClauseLibraryDialog'), (module) => module.ClauseLibraryDialog, 'The clause library');
const RevokeDialog = lazyDialog(() => import('../editor/RevokeDialog'), (module) => module.RevokeDialog, 'The revoking of a sign-off');
const SignoffDialog = lazyDialog(() => import('../editor/SignoffDialog'), (module) => module.SignoffDialog, 'The sign-off');
const FillInPanel = lazyDialog(() => import('../placeholders/FillInPanel'), (module) => module.FillInPanel, 'Fill in');
// The comments panel is closed when the page opens; its code loads when someone opens it.
const CommentsPanel = lazyPart(() => import('../comments/CommentsPanel'), (module) => module.CommentsPanel, {
  loading: <div className="comments-panel" aria-busy="true" />,
  failed: (retry) => (
    <div className="comments-panel" role="alert">
      <p>The comments could not load: the server cannot be reached. Your text is not affected.</p>
      <button type="button" onClick={retry}>Try again</button>
    </div>
  ),
});

/** Close codes by which the server refused a change itself; retrying cannot help, discarding can. */
const REFUSED_CHANGE_CODES = [
  CloseEvents.MalformedMessage.code,
  CloseEvents.InvalidUpdate.code,
  CloseEvents.DocumentTooLarge.code,
  CloseEvents.TooManySections.code,
  CloseEvents.RequirementsLocked.code,
  CloseEvents.SectionDeleteForbidden.code,
  CloseEvents.StructureRefused.code,
];

type Dialogs =
  | { kind: 'signoff'; sectionId: string; error: string | null; busy: boolean }
  | { kind: 'revoke'; sectionId: string; error: string | null; busy: boolean }
  | { kind: 'changes'; sectionId: string; department: string }
  | { kind: 'readability'; sectionId: string }
  | { kind: 'clauses'; sectionId: string | null }
  | null;

/** The page's live sections, following the editor's document while it is open. */
function usePolicySections(editor: Editor | null): PolicySections {
  const [store] = useState(() => new PolicySections());
  useEffect(() => {
    if (!editor) return;
    store.follow(() => editor.state.doc);
    const changed = () => store.documentChanged();
    editor.on('update', changed);
    return () => {
      editor.off('update', changed);
      store.stop();
    };
  }, [editor, store]);
  return store;
}

/** One policy: the shared editor, its outline, live sign-off state and the tools around it. */
export function PolicyPage({ policyId }: { policyId: string }) {
  const sessionUser = useCurrentUser();
  // When the server says this person's access changed, what they may do is asked again (a 401 signs them out).
  const [freshUser, setFreshUser] = useState<CurrentUser | null>(null);
  const user = freshUser ?? sessionUser;
  const departments = useDepartmentLookup();
  const { policy, error, reload: reloadPolicy } = usePolicyStatus(policyId);
  const toolbarRef = usePolicyToolbarHeight();
  const toolsCue = useScrollCue();
  // A viewer or commenter account, or one among the members of a policy shared with members only, edits nothing.
  const readsOnly = (role: string | undefined) => role === 'viewer' || role === 'commenter';
  const roleReadOnly = readsOnly(user.role) || readsOnly(policy?.role);
  // Until the policy answers, only the account's role is known.
  const collab = useCollaboration(policyId, !readsOnly(user.role) && (policy === null || !readsOnly(policy.role)));
  useEffect(() => {
    if (!collab?.accessChanges) return;
    void request(routes.me).then((fresh) => {
      setFreshUser(fresh);
      // The header and the other pages show the new role and department too.
      window.dispatchEvent(new CustomEvent('accord:access-changed'));
    }, () => undefined);
  }, [collab?.accessChanges]);
  // A role on this policy (members-only sharing) may have changed too; a removed person's policy answers 404, so it stays as it was.
  const removed = collab?.refused === 'removed';
  useEffect(() => {
    if (collab?.accessChanges && !removed) void reloadPolicy();
  }, [collab?.accessChanges, removed, reloadPolicy]);
  const [editor, setEditor] = useState<Editor | null>(null);
  const [dialog, setDialog] = useState<Dialogs>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [sharing, setSharing] = useState(false);
  /** The Fill in panel, when open: opened from its button, or at the placeholder clicked in the text. */
  const [fillingIn, setFillingIn] = useState<{ focusName?: string } | null>(null);
  useEffect(() => onFillInAsked((focusName) => setFillingIn({ focusName })), []);
  const store = usePolicySections(editor);
  const placeholderCounts = usePlaceholderCounts(store);
  const title = usePolicyTitle(store);
  const summary = useSectionsSummary(store);
  // Anyone who may open the policy and is not a viewer may comment, commenters included (read-only editor).
  const canComment = user.role !== 'viewer' && policy !== null && policy.role !== 'viewer';
  const comments = usePolicyComments(policyId, editor, canComment, setNotice);
  const outlineRows = useOutlineRows(store);
  const commentSections = useMemo(() => outlineRows.map((row) => ({ id: row.id, title: row.title, departments: [row.owner, ...row.approvers] })), [outlineRows]);
  // Demoted while the page is open: whichever comes first, the server refusing an edit or the page
  // learning the new role, locks the editor with the same message and keeps what was typed.
  const wasReadOnly = useRef<boolean | null>(null);
  useEffect(() => {
    if (!policy || !collab) return;
    const before = wasReadOnly.current;
    wasReadOnly.current = roleReadOnly;
    if (before === false && roleReadOnly && collab.refused === null && collab.unsent === null) collab.accessLost();
  }, [policy, roleReadOnly, collab]);
  // The server refused this page's edits, or refused edits wait to be applied or discarded: nothing more is typed.
  const readOnly = roleReadOnly || isLocked(collab);
  // Held edits of a person who cannot edit now: follow the document (the server says it takes none of them).
  useEffect(() => {
    if (collab?.unsent && collab.refused === null && policy && roleReadOnly) collab.follow();
  }, [collab, policy, roleReadOnly]);
  const checkedSession = useRef(false);

  useEffect(() => {
    document.title = `${title || policy?.title || 'Policy'} · Accord`;
  }, [title, policy?.title]);

  // A connection that keeps failing may mean the session ended: ask once, and sign-in takes over.
  useEffect(() => {
    if (collab?.connection === 'connected') checkedSession.current = false;
    else if (collab && collab.connection === 'connecting' && !collab.synced && !checkedSession.current) {
      checkedSession.current = true;
      void request(routes.me).catch(() => undefined);
    }
  }, [collab]);

  const signoffsBySection = useMemo(() => {
    const map = new Map<string, Signoff[]>();
    for (const section of policy?.sections ?? []) map.set(section.id, section.signoffs);
    return map;
  }, [policy]);

  // Sign-offs come from the server; whether they still hold is checked against the text on screen, as people type.
  useEffect(() => store.setSignoffs(signoffsBySection), [store, signoffsBySection]);
  const gradeTarget = policy?.gradeTarget ?? DEFAULT_GRADE_TARGET;
  useEffect(() => store.setGradeTarget(gradeTarget), [store, gradeTarget]);

  const signedCount = summary.signed;
  // Every section signed is not enough when the title or order changed since the last endorsement: the server says so.
  const endorsed = summary.total > 0 && signedCount === summary.total && !policy?.structureChanged;

  const confirmSignoff = useCallback(
    async (sectionId: string, comment: string) => {
      // Exactly what is on screen now, not the last reading.
      const section = editor ? store.readNow().sections.find((candidate) => candidate.id === sectionId) : undefined;
      if (!section) return;
      setDialog({ kind: 'signoff', sectionId, error: null, busy: true });
      try {
        await request(routes.signSection, { params: { id: policyId, sectionId }, body: { hash: section.hash, comment } });
        setDialog(null);
        setNotice(`Signed off “${section.title}”.`);
      } catch (caught) {
        setDialog({ kind: 'signoff', sectionId, error: errorMessage(caught, 'Could not sign off'), busy: false });
      }
    },
    [editor, policyId, store],
  );

  const [caret] = useState(() => new CaretSection());
  useEffect(() => (editor ? caret.follow(editor) : undefined), [editor, caret]);
  const contextValue: PolicyContextValue = useMemo(
    () => ({
      policyId,
      user,
      readOnly,
      sections: store,
      caret,
      gradeTarget,
      onSignOff: (sectionId) => setDialog({ kind: 'signoff', sectionId, error: null, busy: false }),
      onRevoke: (sectionId) => setDialog({ kind: 'revoke', sectionId, error: null, busy: false }),
      onShowChanges: (sectionId, department) => setDialog({ kind: 'changes', sectionId, department }),
      onShowReadability: (sectionId) => setDialog({ kind: 'readability', sectionId }),
    }),
    [policyId, user, readOnly, store, caret, gradeTarget],
  );

  const jumpTo = useCallback((sectionId: string) => {
    const element = document.querySelector<HTMLElement>(`[data-section-id="${CSS.escape(sectionId)}"]`);
    if (!element) return;
    const heading = element.querySelector<HTMLElement>('h2');
    if (heading && editor) {
      // The caret goes to the heading without the editor scrolling to it: its scroll (to the nearest
      // edge, a frame later) cut the page's own scroll short and left the section before in view.
      const position = editor.view.posAtDOM(heading, 0);
      editor.chain().setTextSelection(position).focus(undefined, { scrollIntoView: false }).run();
    }
    keepSectionInView(element);
  }, [editor]);

  // Links from the dashboard point at a section with #<section id>.
  const jumped = useRef(false);
  useEffect(() => {
    const target = decodeURIComponent(location.hash.slice(1));
    if (!target || !editor) return;
    const tryJump = () => {
      if (jumped.current || !store.section(target)) return;
      jumped.current = true;
      requestAnimationFrame(() => jumpTo(target));
    };
    tryJump();
    return store.subscribe(tryJump);
  }, [editor, store, jumpTo]);
  // A link to another section of the policy already open (a notification of a changed section) jumps there too.
  useEffect(() => {
    const onHash = () => {
      const target = decodeURIComponent(location.hash.slice(1));
      if (target && store.section(target)) requestAnimationFrame(() => jumpTo(target));
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [store, jumpTo]);

  if (error?.status === 404) {
    return (
      <div className="page">
        <h1>Policy not found</h1>
        <p>This link does not lead to a policy. It may have been mistyped.</p>
        <a href="/" onClick={onLinkClick}>Back to all policies</a>
      </div>
    );
  }

  return (
    <PolicyContext.Provider value={contextValue}>
      <CommentsContext.Provider value={comments.context}>
      <div className="policy-page">
        <div className="policy-toolbar" ref={toolbarRef}>
          <div className="policy-heading">
            <span className="policy-name">{title || policy?.title || 'Policy'}</span>
            <StatusPill
              status={endorsed ? 'endorsed' : policy?.structureChanged || summary.anyStale ? 'stale' : 'pending'}
              label={!endorsed && policy?.structureChanged && signedCount === summary.total ? STRUCTURE_CHANGED_LABEL : undefined}
            />
            <span className="progress-text" data-testid="signed-progress">
              {signedCount} of {summary.total} sections signed
              {summary.partly > 0 && <span className="partly-signed"> · {summary.partly} partly signed</span>}
            </span>
            {collab?.ready && <FillInButton unfilled={placeholderCounts.total} onOpen={() => setFillingIn({})} />}
          </div>
          <div className="policy-tools" ref={toolsCue}>
            {collab && <PresenceBar provider={collab.provider} />}
            {collab && (collab.refused ? <LockedStatus collab={collab} /> : <ConnectionStatus state={collab.connection} reason={collab.closeReason} />)}
            <button type="button" className="small" aria-expanded={comments.panelOpen} aria-controls="comments-panel" onClick={() => comments.setPanelOpen(!comments.panelOpen)}>
              Comments{comments.openTotal > 0 && <span className="comment-count" aria-label={`, ${comments.openTotal} open`}>{comments.openTotal}</span>}
            </button>
            <ClauseLibraryButton onOpen={() => setDialog({ kind: 'clauses', sectionId: sectionInView(editor) })} />
            <button type="button" className="small" aria-haspopup="dialog" onClick={() => setSharing(true)}>Share</button>
            <a className="button small" href={`/p/${policyId}/inventory`} onClick={onLinkClick}>Inventory</a>
            <a className="button small" href={`/p/${policyId}/dashboard`} onClick={onLinkClick}>Sign-off dashboard</a>
            <ExportMenu policyId={policyId} endorsed={endorsed} everEndorsed={Boolean(policy?.endorsedAt)} onDownloaded={setNotice} />
          </div>
        </div>
        {collab?.closeReason && REFUSED_CHANGE_CODES.includes(collab.closeReason.code) && collab.connection !== 'connected' && (
          <div className="notice read-only-notice" role="alert">
            <p>{collab.closeReason.message ?? collab.closeReason.reason} Your latest changes are kept in this browser but the server will not take them.</p>
            <button type="button" onClick={() => window.confirm('Throw away the changes in this browser that the server refused, and load the policy as everyone else sees it?') && void collab.discardLocalChanges()}>
              Discard my unsaved changes and reload
            </button>
          </div>
        )}
        {collab && <AccessLock collab={collab} canEdit={!roleReadOnly} grantors={(policy?.accessGrantors ?? []).filter((grantor) => grantor.id !== user.id)} />}
        <EndorsementMoment policyId={policyId} status={policy?.status} title={title || policy?.title || ''} unfilled={placeholderCounts.total} />
        {policy && <ReviewDueNotice policyId={policyId} reviewBy={policy.reviewBy} canSet={policy.canSetReview} />}
        {policy && policy.status !== 'endorsed' && (
          <NobodyCanSignNotice departments={policy.signers.filter((entry) => entry.people.length === 0).map((entry) => departments.name(entry.department))} isAdmin={user.role === 'admin'} />
        )}
        {roleReadOnly && (
          <p className="notice read-only-notice">
            {(policy?.role ?? user.role) === 'commenter'
              ? 'You can read this policy, comment on it and follow its sign-off. Commenters cannot change or sign it.'
              : 'You can read this policy and follow its sign-off. Viewers cannot change it.'}
          </p>
        )}
        {notice && (
          <p className="toast" role="status" onAnimationEnd={() => setNotice(null)}>
            {notice}
          </p>
        )}
        <CommentHighlights threads={comments.threads} activeThreadId={comments.activeThreadId} />
        {collab?.ready && <ClauseOrigins policyId={policyId} store={store} canTakeUpdate={(owner) => !readOnly && (user.role === 'admin' || user.department === owner)} />}
        <div className={`policy-layout${comments.panelOpen ? ' with-comments' : ''}`}>
          <Outline
            sections={store}
            gradeTarget={gradeTarget}
            department={user.department}
            onJump={jumpTo}
            unfilled={placeholderCounts.bySection}
          />
          <div className="document">
            {collab?.ready ? (
              <PolicyEditor
                collab={collab}
                user={user}
                readOnly={readOnly}
                onEditor={setEditor}
                onDeleteRefused={(title) => setNotice(`Only the department that owns “${title || 'a section'}”, or an admin, can delete it. Nothing was deleted.`)}
                {...(canComment ? { onComment: comments.commentOnSelection } : {})}
              />
            ) : (
              <div className="document-skeleton" aria-busy="true" aria-label="Loading the policy">
                <div className="skeleton-line wide" />
                <div className="skeleton-line" />
                <div className="skeleton-line" />
              </div>
            )}
          </div>
          {comments.panelOpen && (
            <CommentsPanel
              policyId={policyId}
              user={user}
              threads={comments.threads}
              loadError={comments.error}
              canComment={canComment}
              activeThreadId={comments.activeThreadId}
              onActivate={comments.activate}
              draft={comments.draft}
              onDraftDone={comments.draftDone}
              onCommentOnSelection={comments.commentOnSelection}
              sectionFilter={comments.sectionFilter}
              onSectionFilter={comments.setSectionFilter}
              sections={commentSections}
              onChanged={comments.reload}
              onClose={() => comments.setPanelOpen(false)}
            />
          )}
        </div>
      </div>
      {dialog?.kind === 'signoff' && (
        <SignoffDialog
          sectionTitle={store.section(dialog.sectionId)?.title ?? ''}
          department={user.department}
          error={dialog.error}
          busy={dialog.busy}
          onClose={() => setDialog(null)}
          onConfirm={(comment) => void confirmSignoff(dialog.sectionId, comment)}
          openThreads={comments.openCounts.get(dialog.sectionId) ?? 0}
          unfilledPlaceholders={placeholderCounts.bySection.get(dialog.sectionId) ?? 0}
          onShowThreads={() => {
            comments.context.showSection(dialog.sectionId);
            setDialog(null);
          }}
        />
      )}
      {dialog?.kind === 'revoke' && (
        <RevokeDialog
          sectionTitle={store.section(dialog.sectionId)?.title ?? ''}
          departmentName={departments.name(user.department)}
          endsEndorsement={endorsed}
          busy={dialog.busy}
          error={dialog.error}
          onClose={() => setDialog(null)}
          onConfirm={() => {
            const { sectionId } = dialog;
            const wasEndorsed = endorsed;
            setDialog({ kind: 'revoke', sectionId, error: null, busy: true });
            // Only this dialog is closed or told of a failure: one closed meanwhile stays closed, another opened meanwhile stays open.
            const stillThis = (current: Dialogs) => current?.kind === 'revoke' && current.sectionId === sectionId;
            request(routes.revokeSignoff, { params: { id: policyId, sectionId } }).then(
              () => {
                setDialog((current) => (stillThis(current) ? null : current));
                setNotice(wasEndorsed ? 'Sign-off revoked; the policy is no longer endorsed.' : 'Sign-off revoked.');
              },
              (caught: unknown) =>
                setDialog((current) => (stillThis(current) ? { kind: 'revoke', sectionId, error: errorMessage(caught, 'Could not revoke the sign-off. Try again.'), busy: false } : current)),
            );
          }}
        />
      )}
      {dialog?.kind === 'changes' && (
        <ChangesDialog
          policyId={policyId}
          sectionId={dialog.sectionId}
          department={dialog.department}
          onClose={() => setDialog(null)}
          // The reader's own department's stale sign-off: having read what changed, they can sign again from here.
          {...(!readOnly && dialog.department === user.department && user.role !== 'viewer' && user.role !== 'commenter'
            ? { onSignOff: () => setDialog({ kind: 'signoff', sectionId: dialog.sectionId, error: null, busy: false }) }
            : {})}
        />
      )}
      {sharing && <ShareDialog policyId={policyId} onClose={() => setSharing(false)} />}
      {dialog?.kind === 'clauses' && (
        <ClauseLibraryDialog
          policyId={policyId}
          sections={outlineRows.map((row) => ({ id: row.id, title: row.title }))}
          currentSectionId={dialog.sectionId}
          readOnly={readOnly}
          onInserted={(sectionId, message) => {
            setDialog(null);
            setNotice(message);
            // The new section reaches the editor through the live document; jump once it is there.
            const jump = () => (store.section(sectionId) ? (requestAnimationFrame(() => jumpTo(sectionId)), true) : false);
            if (!jump()) {
              const stop = store.subscribe(() => jump() && stop());
              setTimeout(stop, 10_000);
            }
          }}
          onClose={() => setDialog(null)}
        />
      )}
      {fillingIn && <FillInPanel policyId={policyId} readOnly={readOnly} focusName={fillingIn.focusName} onClose={() => setFillingIn(null)} />}
      {dialog?.kind === 'readability' && (
        <LiveReadabilityDialog store={store} sectionId={dialog.sectionId} target={gradeTarget} onClose={() => setDialog(null)} />
      )}
      </CommentsContext.Provider>
    </PolicyContext.Provider>
  );
}

/**
 * Scrolls so the section's top sits just below the sticky bars, and keeps it there while the
 * sections above it finish laying out (node views, chips and reading levels arrive a moment
 * later and push it down: a single scroll landed a section or two early). Stops at the first
 * sign of the person scrolling themselves, or after 1.5 s.
 */
function keepSectionInView(element: HTMLElement): void {
  const offset = () => element.getBoundingClientRect().top - stuckHeight() - 8;
  const until = performance.now() + 1_500;
  let stopped = false;
  const stop = () => {
    stopped = true;
    for (const name of ['wheel', 'touchstart', 'keydown', 'mousedown'] as const) window.removeEventListener(name, stop);
  };
  for (const name of ['wheel', 'touchstart', 'keydown', 'mousedown'] as const) window.addEventListener(name, stop, { passive: true });
  const settle = () => {
    if (stopped || !element.isConnected) return stop();
    if (Math.abs(offset()) > 2) window.scrollBy({ top: offset(), behavior: 'instant' });
    if (performance.now() < until) requestAnimationFrame(settle);
    else stop();
  };
  settle();
}

/** The readability of a section, following its text while people type. */
function LiveReadabilityDialog({ store, sectionId, target, onClose }: { store: PolicySections; sectionId: string; target: number; onClose: () => void }) {
  const section = useSection(store, sectionId);
  if (!section) return null;
  return <ReadabilityDialog title={section.title} text={section.text} target={target} onClose={onClose} />;
}

/**
 * Departments asked to sign that nobody can sign for yet: said where people write, not only on the
 * dashboard, since the policy cannot be endorsed until someone there can sign.
 */
function NobodyCanSignNotice({ departments, isAdmin }: { departments: readonly string[]; isAdmin: boolean }) {
  if (departments.length === 0) return null;
  return (
    <p className="notice page-notice nobody-notice" data-testid="nobody-can-sign-notice">
      {listInWords(departments)} {departments.length === 1 ? 'has' : 'have'} nobody who can sign yet, so the policy cannot be endorsed.{' '}
      {isAdmin ? (
        <>
          Invite an editor from each on the{' '}
          <a href="/admin" onClick={onLinkClick}>
            People page
          </a>
          , or give the sections to another department.
        </>
      ) : (
        'Ask an admin to invite someone from each, or to give the sections to another department.'
      )}
    </p>
  );
}

/** On the day the policy is to be reviewed and after it: a line saying so, with the way to the dashboard, where the next day is set. */
function ReviewDueNotice({ policyId, reviewBy, canSet }: { policyId: string; reviewBy: string | null; canSet: boolean }) {
  const today = localToday();
  const { kind } = reviewState(reviewBy, today);
  if (kind !== 'today' && kind !== 'overdue') return null;
  const dashboard = (
    <a href={`/p/${policyId}/dashboard`} onClick={onLinkClick}>
      sign-off dashboard
    </a>
  );
  return (
    <p className="notice read-only-notice" data-testid="review-notice">
      {reviewWords(reviewBy, today)}. Read the policy through with every department that owns a section and update what has changed;{' '}
      {canSet ? <>then set the next review on the {dashboard}.</> : <>an admin, or an editor it is shared with, then sets the next review on the {dashboard}.</>}
    </p>
  );
}
