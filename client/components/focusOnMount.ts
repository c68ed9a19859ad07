/**
 * A ref that focuses its element once, when it is first put on the page. Use it instead of the
 * autoFocus prop: the autofocus attribute works only on a page's first load, so a field that
 * appears later (a new route, a dialog) would not get the focus under Preact, which sets the
 * attribute rather than calling focus() as React does.
 */
export function focusOnMount(element: HTMLElement | null): void {
  element?.focus();
}
