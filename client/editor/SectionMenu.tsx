import type { Editor } from '@tiptap/core';
import { useEffect, useRef, useState } from 'react';
import { useDepartments } from '../departments';

interface SectionMenuProps {
  editor: Editor;
  sectionId: string;
  owner: string;
  approvers: string[];
  title: string;
}

/** Owner, approvers and the section's place in the policy: one menu per section. */
export function SectionMenu({ editor, sectionId, owner, approvers, title }: SectionMenuProps) {
  // Only departments that are not archived can be given the section; an archived one it already has stays listed, marked, so it can be seen and taken off.
  const DEPARTMENTS = useDepartments()
    .filter((department) => !department.archived || department.id === owner || approvers.includes(department.id))
    .map((department) => (department.archived ? { ...department, name: `${department.name} (archived)` } : department));
  const [open, setOpen] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const panel = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setOpen(false);
        setConfirmDelete(false);
        button.current?.focus();
      }
    };
    const onClick = (event: MouseEvent) => {
      if (panel.current && !panel.current.contains(event.target as Node) && !button.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onClick);
    panel.current?.querySelector<HTMLElement>('select, button')?.focus();
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onClick);
    };
  }, [open]);

  const run = (action: () => boolean) => {
    action();
    setOpen(false);
    setConfirmDelete(false);
  };
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
        <div ref={panel} className="menu-panel" role="group" aria-label={`Options for ${label}`}>
          <label className="field">
            <span>Owner</span>
            <select value={owner} onChange={(event) => run(() => editor.commands.setSectionOwner(sectionId, event.target.value))}>
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
                  checked={approvers.includes(department.id)}
                  onChange={(event) =>
                    editor.commands.setSectionApprovers(
                      sectionId,
                      event.target.checked ? [...approvers, department.id] : approvers.filter((id) => id !== department.id),
                    )
                  }
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
            {confirmDelete ? (
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
