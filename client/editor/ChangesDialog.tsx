import { useEffect, useState } from 'react';
import { diffWords, type DiffPart } from '../../shared/textDiff';
import type { SignedContent } from '../../shared/api';
import { ApiError, request, routes } from '../api';
import { Dialog } from '../components/Dialog';
import { useDepartmentLookup } from '../departments';

/** What changed in a section since a department signed it: removed words struck out, new words marked. */
export function ChangesDialog({ policyId, sectionId, department, onClose }: { policyId: string; sectionId: string; department: string; onClose: () => void }) {
  const departments = useDepartmentLookup();
  const [parts, setParts] = useState<DiffPart[] | null>(null);
  const [meta, setMeta] = useState<SignedContent['signed'] | null>(null);
  const [authors, setAuthors] = useState<SignedContent['changedBy']>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    request(routes.signedContent, { params: { id: policyId, sectionId, department } }).then(
      (version) => {
        setMeta(version.signed);
        setAuthors(version.changedBy);
        setParts(diffWords(version.signed.text, version.current?.text ?? ''));
      },
      (caught: unknown) => setError(caught instanceof ApiError ? caught.message : 'Could not load what changed.'),
    );
  }, [policyId, sectionId, department]);

  return (
    <Dialog title={`What changed since ${departments.name(department)} signed`} onClose={onClose} wide>
      {error && <p className="error" role="alert">{error}</p>}
      {meta && (
        <p className="muted">
          Signed by {meta.userName} on {new Date(meta.at).toLocaleString()}. <span className="legend-removed">Struck-out text</span> was removed,{' '}
          <span className="legend-added">underlined text</span> was added.
        </p>
      )}
      {meta && (
        <p data-testid="changed-by">
          {authors.length === 0
            ? 'Nobody has edited the text since; only who must sign it changed.'
            : `Changed since then by ${authors
                .map((author) => `${author.name}${author.department ? ` (${departments.name(author.department)})` : ''}, last on ${new Date(author.at).toLocaleString()}`)
                .join('; ')}.`}
        </p>
      )}
      {parts && (
        <div className="diff" data-testid="diff">
          {parts.map((part, index) =>
            part.kind === 'same' ? (
              <span key={index}>{part.text}</span>
            ) : part.kind === 'added' ? (
              <ins key={index}>{part.text}</ins>
            ) : (
              <del key={index}>{part.text}</del>
            ),
          )}
        </div>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>Close</button>
      </div>
    </Dialog>
  );
}
