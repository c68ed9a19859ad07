import { lazy, Suspense, useEffect, useRef, useState } from 'react';

const ExportPanel = lazy(() => import('./ExportPanel'));

/** Export the policy: a button that opens the export panel (whose code loads on first use). */
export function ExportMenu({ policyId, endorsed, everEndorsed }: { policyId: string; endorsed: boolean; everEndorsed: boolean }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);

  return (
    <div className="export-menu">
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
