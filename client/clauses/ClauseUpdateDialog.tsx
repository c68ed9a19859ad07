import { useMemo, useState } from 'react';
import type { SectionClause } from '../../shared/api/clauses';
import { diffWords } from '../../shared/textDiff';
import { request, routes } from '../api';
import { errorMessage } from '../errorMessage';
import { Dialog } from '../components/Dialog';
import { WordDiff } from '../components/WordDiff';
import '../editor/changes.css';

/**
 * The library's newer wording of a clause beside what the section says now, word by word, and
 * "Take the update" for the section's owner (the server refuses it when the section holds more
 * than this clause; then the person copies what they need from the comparison).
 */
export function ClauseUpdateDialog({
  policyId,
  entry,
  sectionText,
  canTake,
  onDone,
  onClose,
}: {
  policyId: string;
  entry: SectionClause;
  sectionText: string;
  canTake: boolean;
  onDone: () => void;
  onClose: () => void;
}) {
  const parts = useMemo(() => diffWords(sectionText, entry.latestText ?? ''), [sectionText, entry.latestText]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const take = async () => {
    setBusy(true);
    setError(null);
    try {
      await request(routes.takeClauseUpdate, { params: { id: policyId, sectionId: entry.sectionId, clauseId: entry.clauseId } });
      onDone();
    } catch (caught) {
      setError(errorMessage(caught, 'Could not take the update.'));
      setBusy(false);
    }
  };

  return (
    <Dialog title="Library update available" onClose={onClose} wide>
      <p>
        “{entry.title}” is at version {entry.latestVersion} in the library; this section has version {entry.version}.
      </p>
      <p className="muted">
        <span className="legend-removed">Struck-out text</span> is in the section but not in the new version; <span className="legend-added">underlined text</span> is new.
      </p>
      <WordDiff parts={parts} testId="clause-diff" />
      {error && <p className="field-error" role="alert">{error}</p>}
      {!canTake && <p className="muted">Only the department that owns this section, or an admin, can take the update.</p>}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>Close</button>
        {canTake && (
          <button type="button" className="primary" disabled={busy} onClick={() => void take()}>
            Take the update
          </button>
        )}
      </div>
    </Dialog>
  );
}
