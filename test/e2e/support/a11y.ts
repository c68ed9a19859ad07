import path from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from './clientBuild';

const AXE_PATH = path.join(ROOT, 'node_modules/axe-core/axe.min.js');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: string; html: string; summary: string }[];
}

/**
 * Runs axe-core on the page as it is now. The page's Content-Security-Policy forbids injected
 * scripts, so the context must be created with `bypassCSP: true`.
 */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: any[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? null,
      help: violation.help,
      helpUrl: violation.helpUrl,
      nodes: violation.nodes.map((node: any) => ({ target: node.target.join(' '), html: String(node.html).slice(0, 160), summary: String(node.failureSummary ?? '').replace(/\s+/g, ' ') })),
    }));
  });
}

/** Violations as lines a person can act on. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map(
      (violation) =>
        `[${violation.impact}] ${violation.id}: ${violation.help} (${violation.helpUrl})\n` +
        violation.nodes
          .slice(0, 8)
          .map((node) => `    at ${node.target}\n       ${node.html}\n       ${node.summary}`)
          .join('\n') +
        (violation.nodes.length > 8 ? `\n    …and ${violation.nodes.length - 8} more` : ''),
    )
    .join('\n');
}

export function serious(violations: AxeViolation[]): AxeViolation[] {
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

export interface TabWalk {
  /** Every control a keyboard user should be able to reach, by descriptor. */
  controls: string[];
  /** The controls focus landed on, in order. */
  reached: string[];
  /** Controls never reached. */
  missed: string[];
}

/**
 * Tags every visible, enabled control of the page (links, buttons, inputs, selects, text areas,
 * the editor), then presses Tab until focus has gone round the page once, and reports which
 * controls were never reached. Of a group of radio buttons one is enough (arrow keys move within).
 */
export async function walkWithTab(page: Page, maxPresses = 250): Promise<TabWalk> {
  const controls = await page.evaluate(() => {
    const isVisible = (element: HTMLElement) => {
      if (element.closest('dialog:not([open]), [hidden], [inert]')) return false;
      const style = getComputedStyle(element);
      if (style.visibility === 'hidden' || style.display === 'none') return false;
      return element.getClientRects().length > 0;
    };
    const describe = (element: HTMLElement) => {
      const label =
        element.getAttribute('aria-label') ??
        (element as HTMLInputElement).labels?.[0]?.textContent ??
        element.textContent ??
        element.getAttribute('placeholder') ??
        '';
      return `${element.tagName.toLowerCase()}${element.getAttribute('type') ? `[${element.getAttribute('type')}]` : ''} "${label.replace(/\s+/g, ' ').trim().slice(0, 60)}"`;
    };
    const candidates = [...document.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, [contenteditable="true"]')].filter((element) => {
      // Text inside the editor is reached through the editor itself; the non-editable parts in it (section buttons) count.
      if (element.parentElement?.closest('[contenteditable]')?.getAttribute('contenteditable') === 'true') return false;
      if ((element as HTMLButtonElement).disabled) return false;
      if (element.getAttribute('tabindex') === '-1') return false;
      return isVisible(element) || element.classList.contains('skip-link');
    });
    const radioGroups = new Set<string>();
    const result: string[] = [];
    candidates.forEach((element, index) => {
      if (element instanceof HTMLInputElement && element.type === 'radio' && element.name) {
        if (radioGroups.has(element.name)) {
          element.dataset.e2eFocus = `radio:${element.name}`;
          return;
        }
        radioGroups.add(element.name);
        element.dataset.e2eFocus = `radio:${element.name}`;
      } else {
        element.dataset.e2eFocus = String(index);
      }
      result.push(`${element.dataset.e2eFocus}|${describe(element)}`);
    });
    (document.activeElement as HTMLElement | null)?.blur();
    window.getSelection()?.removeAllRanges();
    return result;
  });

  const reached: string[] = [];
  const wanted = new Map(controls.map((line) => [line.slice(0, line.indexOf('|')), line.slice(line.indexOf('|') + 1)]));
  const seen = new Set<string>();
  let first: string | null = null;
  for (let press = 0; press < maxPresses; press += 1) {
    await page.keyboard.press('Tab');
    const id = await page.evaluate(() => {
      const active = document.activeElement as HTMLElement | null;
      if (!active || active === document.body) return 'body';
      return active.dataset.e2eFocus ?? `untagged:${active.tagName.toLowerCase()}.${active.className}`;
    });
    // Focus goes round the page and through the browser's own UI (body) back to the top:
    // one full round from wherever the walk started.
    if (id === 'body') continue;
    if (id === first) break;
    first ??= id;
    if (!seen.has(id)) reached.push(wanted.get(id) ?? id);
    seen.add(id);
    if ([...wanted.keys()].every((key) => seen.has(key))) break;
  }
  const missed = [...wanted.entries()].filter(([key]) => !seen.has(key)).map(([, label]) => label);
  return { controls: [...wanted.values()], reached, missed };
}
