import type { Locator, Page } from 'playwright-core';

/** The comments side panel of a policy page. */
export function commentsPanel(page: Page): Locator {
  return page.getByRole('complementary', { name: 'Comments' });
}

/** The thread in the panel anchored on `quote`. */
export function threadOn(page: Page, quote: string): Locator {
  return commentsPanel(page).locator('.comment-thread').filter({ has: page.locator('q', { hasText: quote }) });
}
