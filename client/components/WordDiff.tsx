import type { DiffPart } from '../../shared/textDiff';

/** Unchanged text kept on each side of a change in the short view. */
const CONTEXT = 80;

/** Whether the short view would leave out some of these words (so a "whole text" toggle means something). */
export function shortensSomething(parts: readonly DiffPart[]): boolean {
  return parts.some((part) => part.kind === 'same' && part.text.length > CONTEXT * 2 + 20);
}

/**
 * A changed run, with its edge spaces outside the mark and its kind said to screen readers:
 * struck-out and underlined text look different but read the same aloud.
 */
function Mark({ kind, text }: { kind: 'added' | 'removed'; text: string }) {
  const [, lead = '', core = '', trail = ''] = /^(\s*)([\s\S]*?)(\s*)$/.exec(text) ?? [];
  if (!core) return <>{text}</>;
  const Tag = kind === 'added' ? 'ins' : 'del';
  return (
    <>
      {lead}
      <Tag>
        <span className="visually-hidden">{kind === 'added' ? 'added: ' : 'removed: '}</span>
        {core}
        <span className="visually-hidden"> (end)</span>
      </Tag>
      {trail}
    </>
  );
}

/**
 * Words of a comparison, removed ones struck out and new ones underlined. In the short view a
 * long unchanged run keeps only the words next to a change, with a gap marked between.
 */
export function WordDiff({ parts, short = false, testId }: { parts: readonly DiffPart[]; short?: boolean; testId?: string }) {
  return (
    <div className="diff" data-testid={testId}>
      {parts.map((part, index) => {
        if (part.kind !== 'same') return <Mark key={index} kind={part.kind} text={part.text} />;
        if (!short || !shortensSomething([part])) return <span key={index}>{part.text}</span>;
        const first = index === 0;
        const last = index === parts.length - 1;
        const head = first ? '' : part.text.slice(0, CONTEXT).replace(/\s+\S*$/, '');
        const tail = last ? '' : part.text.slice(-CONTEXT).replace(/^\S*\s+/, '');
        return (
          <span key={index}>
            {head}
            <span className="diff-gap" aria-label="unchanged text left out"> … </span>
            {tail}
          </span>
        );
      })}
    </div>
  );
}
