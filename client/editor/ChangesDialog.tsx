import { useEffect, useState } from 'react';
import { describeRequirementChange } from '../../shared/contentDiff';
import { diffWords, type DiffPart } from '../../shared/textDiff';
import type { SignedContent } from '../../shared/api';
import { request, routes } from '../api';
import { errorMessage } from '../errorMessage';
import { Dialog } from '../components/Dialog';
import { WordDiff } from '../components/WordDiff';
import { useDepartmentLookup } from '../departments';
import './changes.css';
import { formatWhen as when } from '../formatWhen';

/** One line of the list of changes: what, who and when. */
interface ChangeLine {
  text: string;
  who: string;
  at: string | null;
}

/**
 * What changed in a section since a department signed it: a list of every change in plain
 * words (formatting, links, lists, tables, sub-headings, owner and approvers) with who made it,
 * then the words, removed ones struck out and new ones marked.
 */
export function ChangesDialog({
  policyId,
  sectionId,
  department,
  onClose,
  onSignOff,
}: {
  policyId: string;
  sectionId: string;
  department: string;
  onClose: () => void;
  /** For the reader's own department: sign the section again as it reads now. */
  onSignOff?: () => void;
}) {
  const departments = useDepartmentLookup();
  const [version, setVersion] = useState<SignedContent | null>(null);
  const [parts, setParts] = useState<DiffPart[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    request(routes.signedContent, { params: { id: policyId, sectionId, department } }).then(
      (answer) => {
        setVersion(answer);
        setParts(diffWords(answer.signed.text, answer.current?.text ?? ''));
      },
      (caught: unknown) => setError(errorMessage(caught, 'Could not load what changed.')),
    );
  }, [policyId, sectionId, department]);

  const meta = version?.signed ?? null;
  const authors = version?.changedBy ?? [];
  const person = (author: { name: string; department: string | null }) => `${author.name}${author.department ? ` (${departments.name(author.department)})` : ''}`;

  const editedBy = (by: SignedContent['changedBy']): Pick<ChangeLine, 'who' | 'at'> =>
    by.length === 1 ? { who: person(by[0]!), at: by[0]!.at } : { who: by.length > 1 ? `one of ${by.map(person).join(', ')}` : '', at: null };

  const lines: ChangeLine[] = [];
  if (version) {
    if (version.current === null) lines.push({ text: 'The section was deleted', ...editedBy(authors) });
    else if (version.current.title !== version.signed.title) {
      lines.push({ text: `Section heading changed from ‘${version.signed.title}’ to ‘${version.current.title}’`, ...editedBy(authors) });
    }
    // The server says which edit made each change when its update log still shows it.
    for (const change of version.changes) lines.push({ text: change.description, ...editedBy(change.by) });
    for (const change of version.requirementChanges) {
      for (const text of describeRequirementChange(change.before, change.after, (id) => departments.name(id))) lines.push({ text, who: person(change.by), at: change.at });
    }
  }
  const wordsChanged = parts?.some((part) => part.kind !== 'same') ?? false;

  return (
    <Dialog title={`What changed since ${departments.name(department)} signed`} onClose={onClose} wide>
      {error && <p className="error" role="alert">{error}</p>}
      {meta && (
        <p className="muted">
          Signed by {meta.userName} on {when(meta.at)}.
        </p>
      )}
      {meta && (
        <p data-testid="changed-by">
          {authors.length === 0
            ? 'Nobody has edited the text since; only who must sign it changed.'
            : `Changed since then by ${authors.map((author) => `${person(author)}, last on ${when(author.at)}`).join('; ')}.`}
        </p>
      )}
      {version && (
        <section aria-labelledby="changes-list-heading">
          <h3 id="changes-list-heading" className="changes-heading">Changes</h3>
          {lines.length === 0 ? (
            <p className="muted" data-testid="changes-none">{wordsChanged ? 'Only words changed; see below.' : 'No changes.'}</p>
          ) : (
            <ul className="changes-list" data-testid="changes-list">
              {lines.map((line, index) => (
                <li key={index}>
                  <span className="change-what">{line.text}</span>
                  {line.who && (
                    <span className="change-who muted">
                      {' '}
                      — {line.who}
                      {line.at ? `, ${when(line.at)}` : ''}
                    </span>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      {parts && wordsChanged && (
        <>
          <h3 className="changes-heading">Words</h3>
          <p className="muted">
            <span className="legend-removed">Struck-out text</span> was removed, <span className="legend-added">underlined text</span> was added.
          </p>
        </>
      )}
      {parts && <WordDiff parts={parts} testId="diff" />}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>Close</button>
        {onSignOff && version?.current && (
          <button type="button" className="primary" onClick={onSignOff}>
            Sign off for {departments.name(department)}
          </button>
        )}
      </div>
    </Dialog>
  );
}
