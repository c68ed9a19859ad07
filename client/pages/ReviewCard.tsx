import { useEffect, useId, useState } from 'react';
import { aYearAfter, formatDay, localToday, reviewState, reviewWords } from '../../shared/reviewDate';
import { request, routes } from '../api';
import { fieldErrorMessage } from '../errorMessage';

/**
 * When the policy is next reviewed. Platforms, disclosure rules and the tools staff use change
 * every year, so an endorsed policy gets a day to look at it again; the card says when that day is
 * near or past, and offers a year after the endorsement as a start. Admins and the policy's
 * editors by membership set it; everyone else reads it.
 */
export function ReviewCard({
  policyId,
  reviewBy,
  canSet,
  endorsedAt,
  onSaved,
}: {
  policyId: string;
  reviewBy: string | null;
  canSet: boolean;
  /** When the policy was last endorsed: a year after it is the suggested review. */
  endorsedAt: string | null;
  onSaved: () => void;
}) {
  const today = localToday();
  const [day, setDay] = useState(reviewBy ?? '');
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [saving, setSaving] = useState(false);
  const inputId = useId();
  const messageId = useId();
  useEffect(() => setDay(reviewBy ?? ''), [reviewBy]);

  const state = reviewState(reviewBy, today);
  const yearOn = endorsedAt ? aYearAfter(endorsedAt) : null;
  // A year after the endorsement, unless that day has passed: then a year from today.
  const suggested = yearOn && reviewState(yearOn, today).kind !== 'overdue' ? yearOn : aYearAfter(today);

  const save = (value: string | null) => {
    setSaving(true);
    setMessage(null);
    request(routes.updatePolicy, { params: { id: policyId }, body: { reviewBy: value } }).then(
      () => {
        setSaving(false);
        setMessage({ text: value ? `Saved: the next review is due ${formatDay(value)}.` : 'The review date is removed.', error: false });
        onSaved();
      },
      (caught: unknown) => {
        setSaving(false);
        setMessage({ text: fieldErrorMessage(caught, 'Could not save the review date. Try again.'), error: true });
      },
    );
  };

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
          onSubmit={(event) => {
            event.preventDefault();
            if (day.trim() === '') return setMessage({ text: 'Choose a day, or remove the review date.', error: true });
            save(day);
          }}
        >
          <label className="field" htmlFor={inputId}>
            <span>Review by</span>
            <input
              id={inputId}
              type="date"
              min={today}
              value={day}
              onChange={(event) => setDay(event.target.value)}
              aria-describedby={message ? messageId : undefined}
              aria-invalid={message?.error ? true : undefined}
            />
          </label>
          <button type="submit" disabled={saving}>Save review date</button>
          {suggested && suggested !== reviewBy && (state.kind === 'none' || state.kind === 'overdue' || state.kind === 'today') && (
            <button type="button" disabled={saving} onClick={() => save(suggested)}>
              {yearOn === suggested ? 'A year after the endorsement' : 'A year from today'} ({formatDay(suggested)})
            </button>
          )}
          {reviewBy && (
            <button type="button" className="link-button" disabled={saving} onClick={() => save(null)}>
              Remove the review date
            </button>
          )}
          {message && (
            <p id={messageId} className={message.error ? 'error inline-form-error' : 'muted inline-form-error'} role={message.error ? 'alert' : 'status'}>
              {message.text}
            </p>
          )}
        </form>
      ) : (
        <p className="muted">Admins and the editors this policy is shared with set the review date.</p>
      )}
    </section>
  );
}
