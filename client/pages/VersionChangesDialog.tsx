import { useEffect, useMemo, useState } from 'react';
import type { VersionChanges } from '../../shared/api';
import { listInWords } from '../../shared/inventory/listInWords';
import { diffWords } from '../../shared/textDiff';
import { request, routes } from '../api';
import { Dialog } from '../components/Dialog';
import { shortensSomething, WordDiff } from '../components/WordDiff';
import { useDepartmentLookup } from '../departments';
import { errorMessage } from '../errorMessage';
import { formatWhen } from '../formatWhen';
import '../editor/changes.css';

type Change = VersionChanges['sections'][number];

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** "2 sections changed, 1 added and 14 unchanged": the comparison in one line. */
function summary(changes: VersionChanges): string {
  const count = (kind: Change['change']) => changes.sections.filter((section) => section.change === kind).length;
  const parts = [
    count('changed') && `${plural(count('changed'), 'section')} changed`,
    count('added') && `${count('added')} added`,
    count('removed') && `${count('removed')} deleted`,
    count('moved') && `${count('moved')} moved`,
    changes.unchanged && `${changes.unchanged} unchanged`,
  ].filter((part): part is string => Boolean(part));
  return `${listInWords(parts) || 'No sections'}.`;
}

/** A section's text without its heading line, which the dialog shows as the heading. */
function bodyOf(section: { title: string; text: string } | null): string {
  if (!section) return '';
  const [first, ...rest] = section.text.split('\n');
  return first === section.title ? rest.join('\n') : section.text;
}

/** One section that differs: what about it changed, then its words, removed ones struck out and new ones marked. */
function SectionChange({ change }: { change: Change }) {
  const departments = useDepartmentLookup();
  const { before, after } = change;
  const [whole, setWhole] = useState(false);
  const parts = useMemo(() => diffWords(bodyOf(before), bodyOf(after)), [before, after]);
  const who = (section: NonNullable<Change['before']>) =>
    `${departments.name(section.owner)}${section.approvers.length > 0 ? ` with ${section.approvers.map((id) => departments.name(id)).join(', ')}` : ''}`;
  const notes: string[] = [];
  if (change.change === 'added') notes.push(`Added, owned by ${who(after!)}.`);
  if (change.change === 'removed') notes.push('Deleted.');
  if (change.moved) notes.push(`Moved from position ${change.moved.from} to position ${change.moved.to}.`);
  if (before && after) {
    if (before.title !== after.title) notes.push(`The heading was “${before.title || 'Untitled section'}”.`);
    if (who(before) !== who(after)) notes.push(`Now signed by ${who(after)} (before: ${who(before)}).`);
    if (change.change === 'changed' && before.text === after.text && before.title === after.title && who(before) === who(after)) notes.push('The words are the same; formatting, links or layout changed.');
  }
  const wordsChanged = change.change === 'changed' && parts.some((part) => part.kind !== 'same');
  const title = after?.title ?? before?.title ?? '';
  return (
    <li className="version-change" data-change={change.change} data-section-id={change.sectionId}>
      <h3 className="changes-heading">{title || 'Untitled section'}</h3>
      {notes.map((note, index) => (
        <p key={index} className="muted">
          {note}
        </p>
      ))}
      {(wordsChanged || change.change === 'added' || change.change === 'removed') && (
        <>
          <WordDiff parts={parts} short={!whole && wordsChanged} />
          {wordsChanged && shortensSomething(parts) && (
            <button type="button" className="link-button" aria-expanded={whole} onClick={() => setWhole(!whole)}>
              {whole ? 'Show only the changes' : 'Show the whole section'}
            </button>
          )}
        </>
      )}
    </li>
  );
}

/**
 * What changed since an endorsed version, section by section: what the yearly review asks the
 * departments to endorse again, without reading the whole policy twice.
 */
export function VersionChangesDialog({ policyId, version, onClose }: { policyId: string; version: number; onClose: () => void }) {
  const [changes, setChanges] = useState<VersionChanges | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    request(routes.compareVersion, { params: { id: policyId, version: String(version) } }).then(setChanges, (caught: unknown) => setError(errorMessage(caught, 'Could not load what changed. Try again.')));
  }, [policyId, version]);

  const nothing = changes !== null && changes.title === null && changes.sections.length === 0;
  return (
    <Dialog title={`What changed since version ${version}`} onClose={onClose} wide>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!changes && !error && <p className="muted">Loading…</p>}
      {changes && (
        <>
          <p data-testid="version-changes-summary">
            Version {version} was endorsed on {formatWhen(changes.endorsedAt)}.{' '}
            {nothing
              ? 'Nothing has changed since: the policy reads as it was endorsed.'
              : changes.sections.length === 0
                ? 'Since then, no section has changed.'
                : `Since then: ${summary(changes)}`}
          </p>
          {changes.title && (
            <p>
              The title was “{changes.title.before}” and is now “{changes.title.after}”.
            </p>
          )}
          {changes.sections.some((section) => section.change === 'changed' || section.change === 'added' || section.change === 'removed') && (
            <p className="muted">
              <span className="legend-removed">Struck-out text</span> was removed, <span className="legend-added">underlined text</span> was added.
            </p>
          )}
          {changes.sections.length > 0 && (
            <ol className="version-changes" data-testid="version-changes" aria-label={`Sections changed since version ${version}`}>
              {changes.sections.map((change) => (
                <SectionChange key={change.sectionId} change={change} />
              ))}
            </ol>
          )}
        </>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
