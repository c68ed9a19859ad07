import type { Locator } from 'playwright-core';

/**
 * How many rows the visible elements matching `selector` inside `bar` are laid out in: their
 * vertical centres, a new row wherever two are more than 10 px apart (items of different heights
 * centred on one row count once).
 */
export function rowCount(bar: Locator, selector: string): Promise<number> {
  return bar.evaluate((element, wanted) => {
    const centres = [...element.querySelectorAll(wanted)]
      .map((item) => item.getBoundingClientRect())
      .filter((rect) => rect.width > 0)
      .map((rect) => (rect.top + rect.bottom) / 2)
      .sort((a, b) => a - b);
    return centres.filter((centre, index) => index === 0 || centre - centres[index - 1]! > 10).length;
  }, selector);
}
