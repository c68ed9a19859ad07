import { lazy, Suspense, useRef, useState } from 'react';
import { useDismiss } from './useDismiss';

const ExportPanel = lazy(() => import('./ExportPanel'));

/** Export the policy: a button that opens the export panel (whose code loads on first use). */
export function ExportMenu({ policyId, endorsed, everEndorsed }: { policyId: string; endorsed: boolean; everEndorsed: boolean }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);

  // The wrapper holds the button and the panel: a click, tap or focus outside both closes the menu.
  const menu = useRef<HTMLDivElement>(null);
  useDismiss(open, [menu], (reason) => {
    setOpen(false);
    if (reason === 'escape') button.current?.focus();
  });

  return (
    <div ref={menu} className="export-menu">
      <button ref={button} type="button" className="small" aria-haspopup="true" aria-expanded={open} onClick={() => setOpen((value) => !value)}>
        Export
      </button>
      {open && (
        <Suspense fallback={null}>
          <ExportPanel policyId={policyId} endorsed={endorsed} everEndorsed={everEndorsed} onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </div>
  );
}
