import type { Editor } from '@tiptap/core';
import { useEffect, useRef, useState } from 'react';
import { request, routes } from '../api';
import { errorMessage } from '../errorMessage';
import { useDismiss } from '../components/useDismiss';
import { useDepartments } from '../departments';
import { normalizeApprovers } from '../../shared/sections';

interface SectionMenuProps {
  editor: Editor;
  policyId: string;
  sectionId: string;
  owner: string;
  approvers: string[];
  title: string;
  /** Editors of the owning department and admins may change who signs the section, and delete it. */
  canManage: boolean;
}

/**
 * Owner, approvers and the section's place in the policy: one menu per section. It closes on
 * Escape, a click outside and focus leaving it; on narrow screens it is a bottom sheet.
 */
export function SectionMenu({ editor, policyId, sectionId, owner, approvers, title, canManage }: SectionMenuProps) {
  // Only departments that are not archived can be given the section; an archived one it already has stays listed, marked, so it can be seen and taken off.
  const DEPARTMENTS = useDepartments()
    .filter((department) => !department.archived || department.id === owner || approvers.includes(department.id))
    .map((department) => (department.archived ? { ...department, name: `${department.name} (archived)` } : department));
  const [open, setOpen] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const panel = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useDismiss(open, [button, panel], (reason) => {
    setOpen(false);
    setConfirmDelete(false);
    if (reason === 'escape') button.current?.focus();
  });
  useEffect(() => {
    const element = panel.current;
    if (!open || !element) return;
    // Focus without the browser's own scroll, which jumped the page before the panel had its place.
    element.querySelector<HTMLElement>('select:not(:disabled), .menu-actions button')?.focus({ preventScroll: true });
    // A panel that opens past the bottom of the window is brought up just enough to be read whole
    // (on a phone it is a sheet fixed to the bottom, always in view).
    if (getComputedStyle(element).position === 'absolute' && element.getBoundingClientRect().bottom > window.innerHeight) element.scrollIntoView({ block: 'nearest' });
  }, [open]);

  const run = (action: () => boolean) => {
    action();
    setOpen(false);
    setConfirmDelete(false);
  };
  // Owners and approvers are server data: the server records each change and writes it into the
  // document for everyone. Ticks show at once and are sent one after another, each on top of the last.
  const [draftApprovers, setDraftApprovers] = useState<string[] | null>(null);
  const queue = useRef(Promise.resolve());
  const shownApprovers = draftApprovers ?? approvers;
  const send = (next: { owner: string; approvers: string[] }) => {
    setError(null);
    setSaving(true);
    const pending = queue.current.then(() => request(routes.setRequirements, { params: { id: policyId, sectionId }, body: next }));
    queue.current = pending.then(
      () => undefined,
      (caught: unknown) => {
        setError(errorMessage(caught, 'Could not change who signs this section'));
        setDraftApprovers(null);
      },
    );
    void queue.current.then(() => setSaving(false));
    return pending;
  };
  const setOwner = (next: string) => {
    setDraftApprovers(null);
    send({ owner: next, approvers: normalizeApprovers(approvers, next) }).then(
      () => {
        setOpen(false);
        button.current?.focus();
      },
      () => undefined,
    );
  };
  const toggleApprover = (id: string, checked: boolean) => {
    const next = checked ? [...shownApprovers.filter((other) => other !== id), id] : shownApprovers.filter((other) => other !== id);
    setDraftApprovers(next);
    void send({ owner, approvers: next }).catch(() => undefined);
  };
  // Once everything sent has reached the document, show the document's list again.
  useEffect(() => {
    if (!saving && draftApprovers && [...draftApprovers].sort().join() === [...approvers].sort().join()) setDraftApprovers(null);
  }, [saving, draftApprovers, approvers]);
  const label = title || 'Untitled section';

  return (
    <div className="section-menu">
      <button
        ref={button}
        type="button"
        className="icon-button"
        aria-haspopup="true"
        aria-expanded={open}
        aria-label={`Section options for ${label}`}
        onClick={() => setOpen((value) => !value)}
      >
        ⋯
      </button>
      {open && (
        <div ref={panel} className="menu-panel sheet" role="group" aria-label={`Options for ${label}`}>
          <div className="sheet-head">
            <strong>{label}</strong>
            <button type="button" className="icon-button" aria-label="Close" onClick={() => {
              setOpen(false);
              setConfirmDelete(false);
              button.current?.focus();
            }}>
              ×
            </button>
          </div>
          {!canManage && (
            <p className="muted small-print">Only editors of {DEPARTMENTS.find((department) => department.id === owner)?.name ?? owner} or an admin can change who signs this section or delete it.</p>
          )}
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          <label className="field">
            <span>Owner</span>
            <select
              value={owner}
              disabled={!canManage}
              onChange={(event) => setOwner(event.target.value)}
            >
              {DEPARTMENTS.map((department) => (
                <option key={department.id} value={department.id}>
                  {department.name}
                </option>
              ))}
            </select>
          </label>
          <fieldset className="field">
            <legend>Must also approve</legend>
            {DEPARTMENTS.filter((department) => department.id !== owner).map((department) => (
              <label key={department.id} className="checkbox">
                <input
                  type="checkbox"
                  checked={shownApprovers.includes(department.id)}
                  disabled={!canManage}
                  onChange={(event) => toggleApprover(department.id, event.target.checked)}
                />
                {department.name}
              </label>
            ))}
          </fieldset>
          <div className="menu-actions">
            <button type="button" onClick={() => run(() => editor.chain().insertSection(sectionId, 'above', owner).run())}>Insert section above</button>
            <button type="button" onClick={() => run(() => editor.chain().insertSection(sectionId, 'below', owner).run())}>Insert section below</button>
            <button type="button" onClick={() => run(() => editor.commands.moveSection(sectionId, 'up'))}>Move up</button>
            <button type="button" onClick={() => run(() => editor.commands.moveSection(sectionId, 'down'))}>Move down</button>
            {!canManage ? null : confirmDelete ? (
              <div className="confirm" role="alertdialog" aria-label="Confirm deletion">
                <p>Delete “{label}” for everyone? Its sign-offs stop counting.</p>
                <button type="button" className="danger" onClick={() => run(() => editor.commands.deleteSection(sectionId))}>
                  Delete section
                </button>
                <button type="button" onClick={() => setConfirmDelete(false)}>Keep it</button>
              </div>
            ) : (
              <button type="button" className="danger-text" onClick={() => setConfirmDelete(true)}>Delete section…</button>
            )}
          </div>
        </div>
      )}
    </div>
  );
}
