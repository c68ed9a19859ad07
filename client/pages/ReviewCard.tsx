import { useEffect, useId, useRef, useState } from 'react';
import { aYearAfter, formatDay, latestReviewDay, localToday, reviewDateProblem, reviewState, reviewWords } from '../../shared/reviewDate';
import { request, routes } from '../api';
import { fieldErrorMessage } from '../errorMessage';

/** "choose a day …" as a sentence beside the field. */
const sentence = (reason: string) => `${reason.charAt(0).toUpperCase()}${reason.slice(1)}.`;

/**
 * When the policy is next reviewed. Platforms, disclosure rules and the tools staff use change
 * every year, so an endorsed policy gets a day to look at it again; the card says when that day is
 * near or past, and offers a year after the endorsement as a start. Admins and the policy's
 * editors by membership set it; everyone else reads it and is told who can.
 */
export function ReviewCard({
  policyId,
  reviewBy,
  canSet,
  endorsedAt,
  setters,
  onSaved,
}: {
  policyId: string;
  reviewBy: string | null;
  canSet: boolean;
  /** When the policy was last endorsed: a year after it is the suggested review. */
  endorsedAt: string | null;
  /** Who can set it (named to those who cannot). */
  setters: readonly { name: string }[];
  onSaved: () => void;
}) {
  const today = localToday();
  const [day, setDay] = useState(reviewBy ?? '');
  const [done, setDone] = useState('');
  const [error, setError] = useState('');
  const [saving, setSaving] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const errorId = useId();
  useEffect(() => setDay(reviewBy ?? ''), [reviewBy]);

  const state = reviewState(reviewBy, today);
  const yearOn = endorsedAt ? aYearAfter(endorsedAt) : null;
  // A year after the endorsement, unless that day has passed: then a year from today.
  const suggested = yearOn && reviewState(yearOn, today).kind !== 'overdue' ? yearOn : aYearAfter(today);
  const offerSuggestion = suggested !== null && suggested !== reviewBy && (state.kind === 'none' || state.kind === 'overdue' || state.kind === 'today');
  const latest = latestReviewDay(today) ?? undefined;

  /**
   * `fromButton`: saved by a button that goes away once it has (the suggestion, Remove), so the
   * caret moves to the date rather than to the top of the page when the button disappears.
   */
  const save = (value: string | null, fromButton = false) => {
    if (saving) return;
    setSaving(true);
    setDone('');
    setError('');
    request(routes.updatePolicy, { params: { id: policyId }, body: { reviewBy: value } }).then(
      () => {
        setSaving(false);
        setDone(value ? `Saved: the next review is due ${formatDay(value)}.` : 'The review date is removed.');
        if (fromButton) input.current?.focus();
        onSaved();
      },
      (caught: unknown) => {
        setSaving(false);
        setError(fieldErrorMessage(caught, 'Could not save the review date. Try again.'));
        if (fromButton) input.current?.focus();
      },
    );
  };

  const setterNames = setters.map((person) => person.name).join(', ');
  return (
    <section aria-labelledby="review-title" className={`card review-card review-${state.kind}`} data-testid="review-card" data-review={state.kind}>
      <h2 id="review-title">Next review</h2>
      <p className="review-status" data-testid="review-status">
        {reviewWords(reviewBy, today)}.
        {state.kind === 'overdue' || state.kind === 'today'
          ? ' Read the policy again with every department: platforms, their rules and the laws on endorsements and privacy change often. Then set the next date.'
          : state.kind === 'none'
            ? ' Policies on social media go out of date quickly; most organizations look at theirs again every year.'
            : ''}
      </p>
      {canSet ? (
        <form
          className="review-form"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            setDone('');
            // The browser's own check would stop the form with a bubble nobody's screen reader hears; the card says it instead.
            if (input.current?.validity.badInput) return setError('Finish the date: the day, the month and the year.');
            if (day.trim() === '') return setError('Choose a day, or remove the review date.');
            const problem = reviewDateProblem(day, today);
            if (problem) return setError(sentence(problem));
            save(day);
          }}
        >
          <label className="field" htmlFor={inputId}>
            <span>Review by</span>
            <input
              ref={input}
              id={inputId}
              type="date"
              min={today}
              max={latest}
              value={day}
              onChange={(event) => {
                setDay(event.target.value);
                setError('');
              }}
              aria-describedby={error ? errorId : undefined}
              aria-invalid={error ? true : undefined}
            />
          </label>
          <button type="submit" aria-disabled={saving || undefined}>Save review date</button>
          {offerSuggestion && (
            <button type="button" aria-disabled={saving || undefined} onClick={() => save(suggested, true)}>
              {yearOn === suggested ? 'A year after the endorsement' : 'A year from today'} ({formatDay(suggested)})
            </button>
          )}
          {reviewBy && (
            <button type="button" className="link-button" aria-disabled={saving || undefined} onClick={() => save(null, true)}>
              Remove the review date
            </button>
          )}
        </form>
      ) : (
        <p className="muted" data-testid="review-setters">
          Admins, and editors added under Share → People with access, set the review date{setterNames ? `: ${setterNames}` : ''}.
        </p>
      )}
      {canSet && (
        // Always in the page, so screen readers announce what is written into them.
        <div className="review-messages">
          <p id={errorId} className="error" role="alert">{error}</p>
          <p className="muted" role="status">{done}</p>
        </div>
      )}
    </section>
  );
}
