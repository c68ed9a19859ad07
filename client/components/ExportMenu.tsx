import { useCallback, useEffect, useRef, useState, type ComponentType } from 'react';
import type ExportPanelComponent from './ExportPanel';
import { OFFLINE_EXPORT_MESSAGE } from './exportMessages';
import { useDismiss } from './useDismiss';

type PanelModule = { default: typeof ExportPanelComponent };
let panelModule: Promise<PanelModule> | null = null;

/** The panel's code, loaded once; a failed load (offline) is tried again next time. */
function loadPanel(): Promise<PanelModule> {
  panelModule ??= import('./ExportPanel').catch((error: unknown) => {
    panelModule = null;
    throw error;
  });
  return panelModule;
}

/**
 * Export the policy: a button that opens the export panel. The panel's code loads when the page is
 * idle, so the menu still opens after the connection drops (and then says why a download can't
 * work). The panel closes on Escape, on a click outside it and after a download; focus then goes
 * back to the button, never to the page's body.
 */
export function ExportMenu({ policyId, endorsed, everEndorsed }: { policyId: string; endorsed: boolean; everEndorsed: boolean }) {
  const [open, setOpen] = useState(false);
  const [Panel, setPanel] = useState<ComponentType<Parameters<typeof ExportPanelComponent>[0]> | null>(null);
  const [loadFailed, setLoadFailed] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const timer = setTimeout(() => void loadPanel().catch(() => undefined), 1500);
    return () => clearTimeout(timer);
  }, []);

  useEffect(() => {
    if (!open || Panel) return;
    let current = true;
    setLoadFailed(false);
    loadPanel().then(
      (module) => current && setPanel(() => module.default),
      () => current && setLoadFailed(true),
    );
    return () => {
      current = false;
    };
  }, [open, Panel]);

  const close = useCallback(() => {
    setOpen(false);
    button.current?.focus();
  }, []);

  // The wrapper holds the button and the panel: a click, tap or focus outside both closes the menu.
  useDismiss(open, [container], (reason) => {
    if (reason === 'escape') return close();
    setOpen(false);
    // After the click has moved focus: keep it where it went, unless it fell to the body.
    setTimeout(() => {
      if (!document.activeElement || document.activeElement === document.body) button.current?.focus();
    }, 0);
  });

  return (
    <div ref={container} className="export-menu">
      <button ref={button} type="button" className="small" aria-haspopup="true" aria-expanded={open} onClick={() => setOpen((value) => !value)}>
        Export
      </button>
      {open && Panel && <Panel policyId={policyId} endorsed={endorsed} everEndorsed={everEndorsed} onClose={close} />}
      {open && !Panel && loadFailed && (
        <div className="menu-panel menu-right" role="group" aria-label="Export the policy">
          <p className="error" role="alert">
            {navigator.onLine ? 'The export menu could not load. Check your connection and try again.' : OFFLINE_EXPORT_MESSAGE}
          </p>
        </div>
      )}
    </div>
  );
}
