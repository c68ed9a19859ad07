import { useEffect, useState } from 'react';
import { diffWords, type DiffPart } from '../../shared/textDiff';
import { api, ApiError } from '../api';
import { Dialog } from '../components/Dialog';
import { useDepartmentLookup } from '../departments';

interface SignedVersion {
  signed: { title: string; text: string; at: string; userName: string };
  current: { title: string; text: string } | null;
}

/** What changed in a section since a department signed it: removed words struck out, new words marked. */
export function ChangesDialog({ policyId, sectionId, department, onClose }: { policyId: string; sectionId: string; department: string; onClose: () => void }) {
  const departments = useDepartmentLookup();
  const [parts, setParts] = useState<DiffPart[] | null>(null);
  const [meta, setMeta] = useState<SignedVersion['signed'] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api<SignedVersion>(`/api/policies/${policyId}/sections/${sectionId}/signoffs/${department}`).then(
      (version) => {
        setMeta(version.signed);
        setParts(diffWords(version.signed.text, version.current?.text ?? ''));
      },
      (caught: ApiError) => setError(caught.message),
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
