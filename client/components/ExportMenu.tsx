import { useCallback, useEffect, useRef, useState } from 'react';
import { lazyPart } from './lazyPart';
import { OFFLINE_EXPORT_MESSAGE } from './exportMessages';
import { useDismiss } from './useDismiss';

// The panel's code loads when the page is idle or when the menu opens; a failed load (offline)
// is tried again the next time the menu opens.
const ExportPanel = lazyPart(() => import('./ExportPanel'), (module) => module.default, {
  loading: null,
  failed: () => (
    <div className="menu-panel menu-right" role="group" aria-label="Export the policy">
      <p className="error" role="alert">
        {navigator.onLine ? 'The export menu could not load. Check your connection and try again.' : OFFLINE_EXPORT_MESSAGE}
      </p>
    </div>
  ),
});

/**
 * Export the policy: a button that opens the export panel. The panel's code loads when the page is
 * idle, so the menu still opens after the connection drops (and then says why a download can't
 * work). The panel closes on Escape, on a click outside it and after a download; focus then goes
 * back to the button, never to the page's body.
 */
export function ExportMenu({ policyId, endorsed, everEndorsed, onDownloaded }: { policyId: string; endorsed: boolean; everEndorsed: boolean; onDownloaded?: (message: string) => void }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const timer = setTimeout(() => ExportPanel.preload(), 1500);
    return () => clearTimeout(timer);
  }, []);

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
      {open && <ExportPanel policyId={policyId} endorsed={endorsed} everEndorsed={everEndorsed} onClose={close} {...(onDownloaded ? { onDownloaded } : {})} />}
    </div>
  );
}
