import { useEffect, useRef, useState } from 'react';
import { requestFile, saveFile, routes } from '../api';
import { errorMessage } from '../errorMessage';
import './access.css';

/**
 * The moment a policy becomes endorsed while the page is open (the last section signed, for
 * anyone): a banner that says so and what to do next, for everyone watching, not just a pill.
 */
export function EndorsementMoment({ policyId, status, title, unfilled = 0 }: { policyId: string; status: string | undefined; title: string; /** Places still to fill in ({{…}}). */ unfilled?: number }) {
  const previous = useRef<string | undefined>(undefined);
  const [shown, setShown] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    // Only a change seen live counts: a policy that was endorsed when the page opened shows its pill.
    if (previous.current !== undefined && previous.current !== 'endorsed' && status === 'endorsed') setShown(true);
    if (status !== 'endorsed') setShown(false);
    if (status !== undefined) previous.current = status;
  }, [status]);

  if (!shown) return null;

  const download = async (format: 'pdf' | 'docx') => {
    setError(null);
    try {
      const file = await requestFile(routes.exportPolicy, { params: { id: policyId }, query: { format, version: 'endorsed' } });
      saveFile(file, `policy.${format}`);
    } catch (caught) {
      setError(errorMessage(caught, 'The export failed. Try again from the Export menu.'));
    }
  };

  return (
    <section className="endorsement-moment" role="status" aria-labelledby="endorsement-moment-title" data-testid="endorsement-moment">
      <h2 id="endorsement-moment-title" ref={heading}>“{title || 'This policy'}” is endorsed</h2>
      <p>Every department has signed every section. What to do next:</p>
      {unfilled > 0 && (
        <p className="notice" data-testid="endorsed-with-blanks">
          The text still has {unfilled === 1 ? '1 place' : `${unfilled} places`} to fill in. Exports print {unfilled === 1 ? 'it' : 'them'} as {'{{…}}'} and say so. Fill {unfilled === 1 ? 'it' : 'them'} in before you share the policy; the changed sections are then signed again.
        </p>
      )}
      <ol>
        <li>
          Export the endorsed version:{' '}
          <button type="button" className="small" onClick={() => void download('pdf')}>PDF</button>{' '}
          <button type="button" className="small" onClick={() => void download('docx')}>Word</button>{' '}
          (also in the Export menu as “Last endorsed version”).
        </li>
        <li>Share it with staff where they read policies (the intranet, the staff handbook), and tell them what changed.</li>
        <li>Set a date to review it, for example a year from now, or sooner when a platform or the law changes.</li>
      </ol>
      <p className="muted">A later edit makes the changed section’s sign-offs stale; the endorsed version stays available to export.</p>
      {error && <p className="error" role="alert">{error}</p>}
      <button type="button" onClick={() => setShown(false)}>Got it</button>
    </section>
  );
}
