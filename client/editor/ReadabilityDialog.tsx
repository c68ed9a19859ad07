import { findLegalese, findLongSentences, gradeLabel, LONG_SENTENCE_WORDS, readingLevelLabel, scoreText, sectionReadingLevel } from '../../shared/readability';
import { Dialog } from '../components/Dialog';
import './readingLevel.css';

/** How readable a section is, which sentences make it hard, and plainer words to use. */
export function ReadabilityDialog({ title, text, target, onClose }: { title: string; text: string; target: number; onClose: () => void }) {
  const score = scoreText(text);
  const legalese = findLegalese(text);
  const longest = new Set(score.longestSentences.filter((sentence) => sentence.words >= 20).map((sentence) => sentence.start));
  const level = sectionReadingLevel(text, title);
  const empty = level.bodyWords === 0;
  const tooLong = findLongSentences(text);
  const sentences = score.longestSentences.length ? [...score.longestSentences].sort((a, b) => a.start - b.start) : [];
  return (
    <Dialog title={`Reading level: ${title || 'Untitled section'}`} onClose={onClose} wide>
      <dl className="figures">
        <div><dt>Reading level</dt><dd data-testid="grade">{empty ? gradeLabel(level) : `${readingLevelLabel(score.grade)} (${score.grade.toFixed(1)})`}</dd></div>
        <div><dt>Target</dt><dd>Grade {target} or easier</dd></div>
        <div><dt>Reading ease</dt><dd>{score.readingEase.toFixed(0)} / 100</dd></div>
        <div><dt>Words per sentence</dt><dd>{score.averageSentenceLength.toFixed(1)} on average</dd></div>
        <div><dt>Passive sentences</dt><dd>{Math.round(score.passiveShare * 100)}%</dd></div>
      </dl>
      {empty && <p className="muted">Nobody has written this section yet. Its reading level shows once it has text.</p>}
      {!empty && score.grade > target && <p className="notice">This section reads above the target. Shorter sentences and everyday words bring it down.</p>}
      {tooLong.length > 0 && (
        <section aria-labelledby="long-sentences-title" data-testid="long-sentences">
          <h3 id="long-sentences-title">Long sentences</h3>
          <p className="notice">
            {tooLong.length === 1 ? 'One sentence has' : `${tooLong.length} sentences have`} more than {LONG_SENTENCE_WORDS} words. Readers lose the thread of a long sentence
            even when the rest is short: split it where it changes subject, and put who does what first.
          </p>
          <ol className="long-sentence-list">
            {tooLong.map((sentence) => (
              <li key={sentence.start}>
                {sentence.text} <span className="word-count">({sentence.words} words)</span>
              </li>
            ))}
          </ol>
        </section>
      )}
      <h3>Longest sentences</h3>
      {sentences.length === 0 ? (
        <p className="muted">No sentences yet.</p>
      ) : (
        <ol className="long-sentences">
          {sentences.map((sentence) => (
            <li key={sentence.start} className={longest.has(sentence.start) ? 'too-long' : ''}>
              <mark>{sentence.text}</mark> <span className="muted">({sentence.words} words{sentence.passive ? ', passive' : ''})</span>
            </li>
          ))}
        </ol>
      )}
      <h3>Plainer words</h3>
      {legalese.length === 0 ? (
        <p className="muted">No legal jargon found.</p>
      ) : (
        <ul className="suggestions">
          {legalese.map((match) => (
            <li key={`${match.index}-${match.phrase}`}>
              “{match.match}” → <strong>{match.plain}</strong>
            </li>
          ))}
        </ul>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>Close</button>
      </div>
    </Dialog>
  );
}
