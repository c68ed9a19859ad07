import type { Locator, Page } from 'playwright-core';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The control of a `<label class="field"><span>Label</span><control/></label>` whose label
 * text is exactly `label` (getByLabel would also match labels that merely contain it, and
 * a select's label text includes its options).
 */
export function field(scope: Page | Locator, label: string): Locator {
  const page = 'page' in scope && typeof scope.page === 'function' ? (scope as Locator).page() : (scope as Page);
  return scope
    .locator('label.field')
    .filter({ has: page.locator(':scope > span', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }) })
    .locator('input, select, textarea')
    .first();
}
