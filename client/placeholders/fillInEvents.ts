/** Said on the page when someone clicks an unfilled placeholder in the text: open Fill in at that one. */
const FILL_IN_ASKED = 'accord:fill-in-asked';

export function askToFillIn(name: string): void {
  window.dispatchEvent(new CustomEvent<string>(FILL_IN_ASKED, { detail: name }));
}

export function onFillInAsked(listener: (name: string) => void): () => void {
  const handle = (event: Event) => listener((event as CustomEvent<string>).detail);
  window.addEventListener(FILL_IN_ASKED, handle);
  return () => window.removeEventListener(FILL_IN_ASKED, handle);
}
