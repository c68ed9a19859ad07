import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import type { DepartmentId } from '../../shared/departments';
import { requiredDepartments } from '../../shared/signoffRules';
import { connectClient, synced, typeInFirstSection } from '../support/collabClient';
import { call, createPolicy, signUpAdmin, signUpInvited, type Session } from '../support/session';
import { describeInBrowser } from './support/browser';
import { ROOT } from './support/clientBuild';
import { chip, openApp, openPolicy, paragraphOf, placeCaretAtEnd, sectionTitled, typeAtEnd } from './support/editor';
import { field } from './support/forms';
import { poll } from './support/poll';
import { policyState, signSection } from './support/serverState';
import { DEFAULT_VIEWPORT, useWorld } from './support/world';

/**
 * The README's pictures, taken from a real run: the editor with two colleagues' carets, the
 * sign-off dashboard and the template gallery, at 1280×800; the editor and the dashboard on a
 * 390×844 phone; the comments panel and the notifications inbox at 1280×800.
 *
 * They go to docs/screenshots/ when ACCORD_SCREENSHOTS=docs is set
 * (`ACCORD_SCREENSHOTS=docs npx vitest run --project e2e test/e2e/screenshots.test.ts`);
 * otherwise to test-results/e2e/screenshots/, so an ordinary test run leaves the docs alone.
 */
const OUT_DIR = process.env.ACCORD_SCREENSHOTS === 'docs' ? path.join(ROOT, 'docs/screenshots') : path.join(ROOT, 'test-results/e2e/screenshots');

/** Width and height from a PNG's IHDR chunk; throws when the bytes are not a PNG. */
function pngSize(file: string): { width: number; height: number; bytes: number } {
  const bytes = fs.readFileSync(file);
  if (!bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) throw new Error(`${file} is not a PNG`);
  if (bytes.subarray(12, 16).toString('latin1') !== 'IHDR') throw new Error(`${file} has no IHDR chunk first`);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), bytes: bytes.length };
}

/** A phone's screen in CSS pixels, and the device pixels per CSS pixel its pictures are taken at. */
const PHONE_VIEWPORT = { width: 390, height: 844 };
const PHONE_SCALE = 2;

async function shoot(page: Page, name: string): Promise<string> {
  const file = path.join(OUT_DIR, name);
  if (!(await page.evaluate(() => matchMedia('(pointer: coarse)').matches))) await page.mouse.move(0, DEFAULT_VIEWPORT.height - 1);
  await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
  return file;
}

describeInBrowser('README screenshots', () => {
  const world = useWorld();

  test('editor with carets, sign-off dashboard and template gallery are captured as 1280×800 PNGs', async () => {
    fs.mkdirSync(OUT_DIR, { recursive: true });
    const url = world.url;
    const maya = await signUpAdmin(url, 'marketing', 'Maya Chen');
    const leo = await signUpInvited(url, maya, 'legal', 'editor', 'Leo Alvarez');
    const priya = await signUpInvited(url, maya, 'compliance', 'editor', 'Priya Shah');
    const signers = new Map<string, Session>([
      ['marketing', maya],
      ['legal', leo],
      ['compliance', priya],
    ]);
    const names: Record<string, string> = { communications: 'Sam Okafor', hr: 'Hana Berg', it: 'Ivan Petrov', 'customer-service': 'Chloe Martin' };
    const signer = async (department: string) => {
      if (!signers.has(department)) signers.set(department, await signUpInvited(url, maya, department as DepartmentId, 'editor', names[department] ?? `${department} lead`));
      return signers.get(department)!;
    };
    const policyId = await createPolicy(url, maya, { title: 'Social Media Policy', templateId: 'healthcare-provider', organization: 'Northwind Health' });

    // Some sections fully signed, one partly, two signed and then changed.
    const fullySigned = ['Purpose and scope', 'Who may speak for us', 'Patient privacy', 'Security of accounts and devices', 'Records retention', 'Patient reviews and public questions'];
    const state = await policyState(url, maya, policyId);
    for (const section of state.sections) {
      if (fullySigned.includes(section.title)) {
        for (const department of requiredDepartments(section)) await signSection(url, await signer(department), policyId, section.id, section.hash);
      } else if (section.title === 'Official accounts' || section.title === 'Incidents and crisis response') {
        await signSection(url, await signer(requiredDepartments(section)[1]!), policyId, section.id, section.hash);
      }
    }
    const client = connectClient(url, policyId, { headers: { cookie: priya.cookie } });
    try {
      await synced(client);
      typeInFirstSection(client.doc, ' Screenshots of patient messages count as patient information.', state.sections.findIndex((section) => section.title === 'Patient privacy'));
      await poll(async () => (await policyState(url, maya, policyId)).sections.find((section) => section.title === 'Patient privacy')?.status).toBe('stale');
    } finally {
      client.destroy();
    }

    // Template gallery: the healthcare template chosen, the organization typed in.
    const marketing = await world.person('maya', maya);
    const page = marketing.page;
    await openApp(page, url, '/templates');
    await page.locator('button[data-template]').first().waitFor();
    await field(page, 'Search').fill('patient');
    await page.locator('button[data-template="healthcare-provider"]').click();
    await page.getByRole('button', { name: 'Create policy from this template' }).waitFor();
    await page.evaluate(() => {
      (document.activeElement as HTMLElement | null)?.blur();
      window.scrollTo(0, 0);
      document.querySelector('.template-preview')?.scrollTo(0, 0);
    });
    const gallery = await shoot(page, 'gallery.png');

    // Editor: Leo edits "Purpose and scope" (its sign-offs go stale) while Priya reads it; the next section stays signed.
    const legal = await world.person('leo', leo);
    const compliance = await world.person('priya', priya);
    await Promise.all([openPolicy(page, url, policyId), openPolicy(legal.page, url, policyId), openPolicy(compliance.page, url, policyId)]);
    await typeAtEnd(legal.page, paragraphOf(sectionTitled(legal.page, 'Purpose and scope')), ' Ask us before you post.');
    await placeCaretAtEnd(compliance.page, paragraphOf(sectionTitled(compliance.page, 'Purpose and scope'), 3));
    const first = sectionTitled(page, 'Purpose and scope');
    const second = sectionTitled(page, 'Who may speak for us');
    await poll(() => chip(first, 'compliance').getAttribute('data-state')).toBe('stale');
    await poll(() => second.getAttribute('class')).toContain('status-signed');
    // Maya's own caret in the next section's text, so the toolbar shows what she would use there.
    await placeCaretAtEnd(page, paragraphOf(second));
    // Just under the sticky page and formatting toolbars, the section's chips in view.
    await first.evaluate((element) => {
      element.scrollIntoView({ block: 'start' });
      window.scrollBy(0, -70);
    });
    // Names show while people type or move; the picture shows them as they are then, not faded.
    await page.addStyleTag({ content: '.collaboration-carets__label { animation: none !important; opacity: 1 !important; }' });
    for (const name of ['Leo Alvarez', 'Priya Shah']) {
      const label = page.locator('.collaboration-carets__label', { hasText: name });
      await label.waitFor({ state: 'visible', timeout: 10_000 });
      await poll(() => label.evaluate((element) => element.getBoundingClientRect().top > 110 && element.getBoundingClientRect().bottom < window.innerHeight), { message: `${name}'s caret should be in view` }).toBe(true);
    }
    await poll(() => page.locator('.presence .avatar').count()).toBe(3);
    const editor = await shoot(page, 'editor.png');

    // Sign-off dashboard.
    await openApp(page, url, `/p/${policyId}/dashboard`);
    await page.locator('.matrix td[data-state="stale"]').first().waitFor();
    // Scroll to the progress bars, with the sections × departments matrix below them.
    await page.evaluate(() => {
      const card = document.getElementById('departments-title')?.closest('section');
      if (card) window.scrollTo(0, card.getBoundingClientRect().top + window.scrollY - 72);
    });
    const dashboard = await shoot(page, 'dashboard.png');

    for (const file of [editor, dashboard, gallery]) {
      const size = pngSize(file);
      expect({ file: path.relative(ROOT, file), width: size.width, height: size.height }).toEqual({ file: path.relative(ROOT, file), ...DEFAULT_VIEWPORT });
      expect(size.bytes).toBeGreaterThan(20_000);
    }
  });
  test('the editor and the dashboard on a phone are captured as 390×844 PNGs', async () => {
    fs.mkdirSync(OUT_DIR, { recursive: true });
    const url = world.url;
    const maya = await signUpAdmin(url, 'marketing', 'Maya Chen');
    const leo = await signUpInvited(url, maya, 'legal', 'editor', 'Leo Alvarez');
    const priya = await signUpInvited(url, maya, 'compliance', 'editor', 'Priya Shah');
    const policyId = await createPolicy(url, maya, { title: 'Social Media Policy', templateId: 'healthcare-provider', organization: 'Northwind Health' });
    const state = await policyState(url, maya, policyId);
    for (const section of state.sections.filter((candidate) => ['Who may speak for us', 'Patient privacy', 'Records retention'].includes(candidate.title))) {
      for (const department of requiredDepartments(section)) {
        const signer = department === 'legal' ? leo : department === 'compliance' ? priya : department === 'marketing' ? maya : await signUpInvited(url, maya, department as DepartmentId, 'editor', `${department} lead`);
        await signSection(url, signer, policyId, section.id, section.hash);
      }
    }
    // Compliance signs "Official accounts"; Marketing, reading it on the phone, has yet to.
    const official = state.sections.find((section) => section.title === 'Official accounts')!;
    await signSection(url, priya, policyId, official.id, official.hash);

    const phone = await world.person('maya on her phone', maya, { viewport: PHONE_VIEWPORT, deviceScaleFactor: PHONE_SCALE, isMobile: true, hasTouch: true });
    const page = phone.page;
    await openPolicy(page, url, policyId);
    const section = sectionTitled(page, 'Official accounts');
    await poll(() => chip(section, 'compliance').getAttribute('data-state')).toBe('signed');
    // The section's heading under the "Sections" bar, its sign-off bar at the bottom of the screen.
    await section.evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await section.getByRole('button', { name: 'Sign off for Marketing' }).waitFor();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const editor = await shoot(page, 'phone-editor.png');

    await openApp(page, url, `/p/${policyId}/dashboard`);
    await page.getByTestId('dashboard-progress').waitFor();
    await page.evaluate(() => {
      const card = document.getElementById('waiting-title')?.closest('section');
      if (card) window.scrollTo(0, card.getBoundingClientRect().top + window.scrollY - 68);
    });
    const dashboard = await shoot(page, 'phone-dashboard.png');

    for (const file of [editor, dashboard]) {
      const size = pngSize(file);
      expect({ file: path.relative(ROOT, file), width: size.width, height: size.height }).toEqual({
        file: path.relative(ROOT, file),
        width: PHONE_VIEWPORT.width * PHONE_SCALE,
        height: PHONE_VIEWPORT.height * PHONE_SCALE,
      });
      expect(size.bytes).toBeGreaterThan(20_000);
    }
  });

  test('the comments panel beside a highlighted range, and the inbox with two notifications, are captured as 1280×800 PNGs', async () => {
    fs.mkdirSync(OUT_DIR, { recursive: true });
    const url = world.url;
    const maya = await signUpAdmin(url, 'marketing', 'Maya Chen');
    const leo = await signUpInvited(url, maya, 'legal', 'editor', 'Leo Alvarez');
    const hana = await signUpInvited(url, maya, 'hr', 'commenter', 'Hana Berg');
    const policyId = await createPolicy(url, maya, { title: 'Social Media Policy', templateId: 'healthcare-provider', organization: 'Northwind Health' });
    const state = await policyState(url, maya, policyId);
    const sectionId = (title: string) => state.sections.find((section) => section.title === title)!.id;
    const post = async (session: Session, path: string, json: unknown) => {
      const response = await call<{ id: string }>(url, `/api/policies/${policyId}${path}`, { json, cookie: session.cookie });
      if (response.status !== 201) throw new Error(`POST ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
      return response.body;
    };

    // Legal asks about a Marketing sentence and mentions HR; Hana (HR, a commenter) replies and mentions Leo.
    const thread = await post(leo, '/threads', {
      sectionId: sectionId('Purpose and scope'),
      quote: 'one careless post',
      body: 'Does “one careless post” cover staff posting from home? @HR should new starters hear about this in onboarding?',
    });
    await post(hana, `/threads/${thread.id}/comments`, { body: 'Yes, it covers home too. We can add it to the onboarding checklist. @Leo Alvarez I will draft a line.' });
    // A second question for Hana, on another section, so that her inbox holds two notifications.
    await post(leo, '/threads', {
      sectionId: sectionId('Patient privacy'),
      quote: 'A privacy breach on social media',
      body: '@Hana Berg does this also apply to staff posting about their own care?',
    });

    // Leo's editor with the panel open on the first thread, its highlighted words in view.
    const legal = await world.person('leo', leo);
    const page = legal.page;
    await openPolicy(page, url, policyId);
    const section = sectionTitled(page, 'Purpose and scope');
    const highlight = section.locator(`.comment-anchor[data-thread-id="${thread.id}"]`);
    await highlight.first().waitFor();
    await page.getByRole('button', { name: /^Comments/ }).click();
    const panel = page.getByRole('complementary', { name: 'Comments' });
    const card = panel.locator(`.comment-thread[data-thread-id="${thread.id}"]`);
    await poll(() => card.locator('.comment-body').count()).toBe(2);
    await highlight.first().click();
    await poll(() => card.getAttribute('class')).toContain('active');
    // The first section and the panel's head both in view.
    await page.evaluate(() => {
      (document.activeElement as HTMLElement | null)?.blur();
      window.scrollTo(0, 0);
      document.querySelector('.comments-panel')?.scrollTo(0, 0);
    });
    const comments = await shoot(page, 'comments.png');

    // Hana's inbox, open over the policy: the mention of HR and the mention of her by name.
    const hr = await world.person('hana', hana);
    await openPolicy(hr.page, url, policyId);
    const bell = hr.page.locator('.inbox-button');
    await poll(() => bell.getAttribute('aria-label'), { timeout: 15_000 }).toBe('Notifications, 2 unread');
    await bell.click();
    const inbox = hr.page.locator('#inbox-panel');
    await poll(() => inbox.locator('.inbox-item').count()).toBe(2);
    const inboxFile = await shoot(hr.page, 'inbox.png');

    for (const file of [comments, inboxFile]) {
      const size = pngSize(file);
      expect({ file: path.relative(ROOT, file), width: size.width, height: size.height }).toEqual({ file: path.relative(ROOT, file), ...DEFAULT_VIEWPORT });
      expect(size.bytes).toBeGreaterThan(20_000);
    }
  });
});
