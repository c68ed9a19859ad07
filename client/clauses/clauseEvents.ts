/** Said on the page when this person put a clause into the policy, so the library lines ask again. */
const CLAUSES_CHANGED = 'accord:clauses-changed';

export function announceClausesChanged(): void {
  window.dispatchEvent(new CustomEvent(CLAUSES_CHANGED));
}

export function onClausesChanged(listener: () => void): () => void {
  window.addEventListener(CLAUSES_CHANGED, listener);
  return () => window.removeEventListener(CLAUSES_CHANGED, listener);
}
