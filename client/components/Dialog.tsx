import { useEffect, useRef, type ReactNode } from 'react';

const FOCUSABLE = 'a[href], button:not(:disabled), input:not(:disabled), select:not(:disabled), textarea:not(:disabled), [tabindex]:not([tabindex="-1"])';

/**
 * Focuses `target` again. A TipTap editor (its element carries the editor) is focused through
 * the editor, which puts the caret back where it was: focusing the element alone left it at
 * wherever the browser chose, now and then the start of the policy.
 */
function focusBack(target: HTMLElement): void {
  const editor = (target as HTMLElement & { editor?: { isDestroyed?: boolean; commands?: { focus?: (position?: null, options?: { scrollIntoView?: boolean }) => boolean } } }).editor;
  if (editor?.commands?.focus && !editor.isDestroyed) editor.commands.focus(null, { scrollIntoView: false });
  else target.focus();
}

/**
 * A modal dialog on the native <dialog> element. Focus moves into it on open and Tab keeps it
 * there; Escape closes it; on close focus goes back to the control that opened it (or `returnFocus`
 * when that control is gone). On narrow screens it is a bottom sheet (styles.css, `.dialog`).
 */
export function Dialog({
  title,
  onClose,
  children,
  wide = false,
  returnFocus,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  wide?: boolean;
  /** Where focus goes on close when the opener is no longer on screen (e.g. it sat in a menu that closed). */
  returnFocus?: () => HTMLElement | null | undefined;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const latestClose = useRef(onClose);
  latestClose.current = onClose;
  const latestReturn = useRef(returnFocus);
  latestReturn.current = returnFocus;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    // React unmounts the dialog instead of closing it, so the browser's own focus return never runs: keep the opener here.
    const opener = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    // The browser focuses the first control (the × in the head); a dialog that starts with typing
    // names its field instead. Not on a touch screen, where focus would cover half the sheet with the keyboard.
    if (!window.matchMedia?.('(pointer: coarse)').matches) dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    const onCancel = (event: Event) => {
      event.preventDefault();
      latestClose.current();
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Tab') return;
      const focusable = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((element) => element.getClientRects().length > 0);
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      if (!first || !last) return;
      if (event.shiftKey && (document.activeElement === first || !dialog.contains(document.activeElement))) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && (document.activeElement === last || !dialog.contains(document.activeElement))) {
        event.preventDefault();
        first.focus();
      }
    };
    dialog.addEventListener('cancel', onCancel);
    dialog.addEventListener('keydown', onKey);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      dialog.removeEventListener('keydown', onKey);
      if (dialog.open) dialog.close();
      const visible = (element: HTMLElement | null | undefined): element is HTMLElement => Boolean(element?.isConnected && element.getClientRects().length > 0);
      const target = visible(opener) ? opener : latestReturn.current?.();
      // After React has finished this commit: the opener may be re-rendered in the same pass.
      queueMicrotask(() => {
        if (document.activeElement && document.activeElement !== document.body && !dialog.contains(document.activeElement)) return;
        if (visible(target)) focusBack(target);
      });
    };
  }, []);

  return (
    <dialog ref={ref} className={wide ? 'dialog wide' : 'dialog'} aria-labelledby="dialog-title">
      <div className="dialog-head">
        <h2 id="dialog-title">{title}</h2>
        <button type="button" className="icon-button" onClick={onClose} aria-label="Close">
          ×
        </button>
      </div>
      {children}
    </dialog>
  );
}
