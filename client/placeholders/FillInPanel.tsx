import { useEffect, useRef, useState } from 'react';
import type { FilledPlaceholders, PolicyPlaceholders } from '../../shared/api';
import { request, routes } from '../api';
import { errorMessage } from '../errorMessage';
import { Dialog } from '../components/Dialog';
import './fillIn.css';

/** What the server changed, in a sentence for the people who must sign again. */
function resultText(result: FilledPlaceholders): string {
  if (result.changed.length === 0 && result.skipped.length === 0) return 'Saved. No text needed changing.';
  const replaced = result.changed.reduce((sum, section) => sum + section.replaced, 0);
  const parts = [`Filled in ${replaced} ${replaced === 1 ? 'place' : 'places'} in ${result.changed.length} ${result.changed.length === 1 ? 'section' : 'sections'}.`];
  const stale = result.changed.filter((section) => section.staleSignoffs.length > 0);
  if (stale.length > 0) parts.push(`These signed sections must be signed again: ${stale.map((section) => `“${section.title}”`).join(', ')}.`);
  if (result.skipped.length > 0) parts.push(`Left as they are because they are signed: ${result.skipped.map((section) => `“${section.title}”`).join(', ')}.`);
  return parts.join(' ');
}

/**
 * The policy's placeholders with their values: filling one in stores it and replaces every
 * `{{name}}` in the document through the server, for everyone editing it. `focusName` is the
 * placeholder clicked in the text: the panel opens at it.
 */
export function FillInPanel({ policyId, readOnly, focusName, onClose }: { policyId: string; readOnly: boolean; focusName?: string; onClose: () => void }) {
  const [state, setState] = useState<PolicyPlaceholders | null>(null);
  const [values, setValues] = useState<Record<string, string>>({});
  const [keepSigned, setKeepSigned] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const loaded = state !== null;

  // Once the places are loaded, typing starts in the one clicked in the text, else in the first
  // one still empty (not on the ×). On a touch screen the clicked one is only scrolled to and
  // marked: the keyboard would cover half the sheet.
  useEffect(() => {
    if (!loaded) return;
    const fields = [...(form.current?.querySelectorAll<HTMLElement>('.fill-in-field') ?? [])];
    const asked = focusName ? fields.find((field) => field.dataset.placeholder === focusName) : undefined;
    asked?.classList.add('fill-in-asked');
    asked?.scrollIntoView?.({ block: 'center' });
    if (readOnly || window.matchMedia?.('(pointer: coarse)').matches) return;
    const inputs = fields.map((field) => field.querySelector('input')).filter((input): input is HTMLInputElement => input !== null);
    (asked?.querySelector('input') ?? inputs.find((input) => input.value.trim() === '') ?? inputs[0])?.focus();
  }, [loaded, readOnly, focusName]);

  useEffect(() => {
    request(routes.getPlaceholders, { params: { id: policyId } }).then(
      (answer) => {
        setState(answer);
        setValues(Object.fromEntries(answer.placeholders.map((placeholder) => [placeholder.name, placeholder.value ?? ''])));
      },
      (caught: unknown) => setError(errorMessage(caught, 'Could not load the placeholders')),
    );
  }, [policyId]);

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!state) return;
    // A value that changed, or one that still has places to go; untouched ones are not sent.
    const changed: Record<string, string> = {};
    for (const placeholder of state.placeholders) {
      const value = (values[placeholder.name] ?? '').trim();
      if (value !== (placeholder.value ?? '') || (value && placeholder.unfilled > 0)) changed[placeholder.name] = value;
    }
    setBusy(true);
    setError(null);
    try {
      const answer = await request(routes.fillPlaceholders, { params: { id: policyId }, body: { values: changed, ...(keepSigned ? { keepSigned } : {}) } });
      setState(answer);
      setResult(resultText(answer));
    } catch (caught) {
      setError(errorMessage(caught, 'Could not save the values'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title="Fill in" onClose={onClose} wide>
      {!state && !error && <p className="muted">Loading…</p>}
      {state && state.placeholders.length === 0 && <p className="muted">This policy has no placeholders to fill in.</p>}
      {state && state.placeholders.length > 0 && (
        <form ref={form} className="fill-in-panel" onSubmit={save}>
          <p className="muted">
            Each value goes into every place the policy uses it. {state.unfilled > 0 ? `${state.unfilled} ${state.unfilled === 1 ? 'place' : 'places'} still to fill in.` : 'Everything is filled in.'}
          </p>
          {state.placeholders.map((placeholder) => (
            <label key={placeholder.name} className="field fill-in-field" data-placeholder={placeholder.name}>
              <span>
                {placeholder.label}
                {placeholder.unfilled > 0 && <span className="fill-in-count"> · {placeholder.unfilled} to fill in</span>}
              </span>
              <input
                name={placeholder.name}
                value={values[placeholder.name] ?? ''}
                onChange={(event) => {
                  const value = event.target.value;
                  setValues((current) => ({ ...current, [placeholder.name]: value }));
                }}
                placeholder={placeholder.example}
                maxLength={200}
                disabled={readOnly}
                aria-describedby={`fill-hint-${placeholder.name}`}
              />
              <span id={`fill-hint-${placeholder.name}`} className="muted small-print">
                {placeholder.hint}
              </span>
            </label>
          ))}
          {!readOnly && (
            <label className="fill-in-keep">
              <input type="checkbox" checked={keepSigned} onChange={(event) => setKeepSigned(event.target.checked)} /> Leave signed sections as they are (otherwise a
              signed section that changes must be signed again)
            </label>
          )}
          {error && <p className="error" role="alert">{error}</p>}
          {result && <p className="notice" role="status">{result}</p>}
          <div className="dialog-actions">
            <button type="button" onClick={onClose}>Done</button>
            {!readOnly && (
              <button type="submit" className="primary" disabled={busy}>
                {busy ? 'Saving…' : 'Save and fill in'}
              </button>
            )}
          </div>
        </form>
      )}
      {!state && error && <p className="error" role="alert">{error}</p>}
    </Dialog>
  );
}
