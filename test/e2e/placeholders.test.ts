import { expect, test } from 'vitest';
import { call, createPolicy, signUpAdmin } from '../support/session';
import { describeInBrowser } from './support/browser';
import { sectionTitled, waitForEditor } from './support/editor';
import { field } from './support/forms';
import { poll } from './support/poll';
import { useWorld } from './support/world';

describeInBrowser('placeholders you fill in once', () => {
  const world = useWorld();

  test('create from a template filling two values, see the rest highlighted and counted, fill one in the panel, and the sign-off dialog warns', async () => {
    const session = await signUpAdmin(world.url, 'communications', 'Cora Comms');
    const { page } = await world.person('communications', session);
    await page.goto(`${world.url}/templates`);
    await page.locator('button[data-template="corporate-enterprise"]').click();
    const preview = page.getByRole('region', { name: 'Preview' });
    expect(await preview.getByTestId('template-jurisdiction').textContent()).toMatch(/US federal law.*Not legal advice/);

    // The Fill in step: every field is optional, with the example as its placeholder text.
    const fillIn = preview.getByRole('group', { name: 'Fill in' });
    expect(await fillIn.textContent()).toContain('you can fill them in later');
    // The number it gives is the number of details asked for (the fields), not of the places they go.
    expect(await fillIn.textContent()).toContain(`asks for ${await fillIn.locator('input').count()} details only you know`);
    expect(await field(fillIn, 'Crisis contact').getAttribute('placeholder')).toBe('the duty press officer, +1 555 0100');
    await field(preview, 'Organization name').fill('Contoso');
    await field(fillIn, 'Crisis contact').fill('Dana Lee, +1 555 0100');
    await field(fillIn, 'Response time for messages').fill('four hours');
    await preview.getByRole('button', { name: 'Create policy from this template' }).click();
    await page.waitForURL(/\/p\/[^/]+$/);
    await waitForEditor(page);
    const policyId = new URL(page.url()).pathname.split('/').pop()!;

    // The two values are in the text; every other placeholder is highlighted and counted.
    const editor = page.locator('.policy-editor');
    await poll(() => editor.locator('.placeholder-unfilled').count()).toBeGreaterThan(5);
    expect(await editor.locator('.placeholder-unfilled[data-placeholder="crisis_contact"]').count()).toBe(0);
    expect(await editor.locator('.placeholder-unfilled[data-placeholder="response_time"]').count()).toBe(0);
    expect(await editor.textContent()).toContain('Dana Lee, +1 555 0100');
    const server = await call(world.url, `/api/policies/${policyId}/placeholders`, { cookie: session.cookie });
    const total = server.body.unfilled as number;
    expect(await editor.locator('.placeholder-unfilled').count()).toBe(total);
    const button = page.getByTestId('fill-in-button');
    await poll(() => button.textContent()).toBe(`${total} places to fill in`);
    expect(await page.getByTestId('outline-unfilled').first().getAttribute('title')).toMatch(/^\d+ places? to fill in$/);
    // Each section's count is in the outline too, and they add up to the total.
    const perSection = await page.getByTestId('outline-unfilled').locator('.visually-hidden').allTextContents();
    expect(perSection.length).toBeGreaterThan(1);
    expect(perSection.reduce((sum, text) => sum + Number.parseInt(text, 10), 0)).toBe(total);

    // The panel fills one in through the server; the highlights and the count follow.
    const securityCount = await editor.locator('.placeholder-unfilled[data-placeholder="security_contact"]').count();
    expect(securityCount).toBeGreaterThan(0);
    await button.click();
    const panel = page.getByRole('dialog', { name: 'Fill in' });
    const security = panel.locator('input[name="security_contact"]');
    await security.waitFor();
    expect(await panel.locator('input[name="crisis_contact"]').inputValue()).toBe('Dana Lee, +1 555 0100');
    // Typing starts in the first place still empty, not on the ×.
    const focused = await panel.evaluate((dialog) => {
      const inputs = [...dialog.querySelectorAll<HTMLInputElement>('.fill-in-field input')];
      return { focused: (document.activeElement as HTMLInputElement | null)?.name, firstEmpty: inputs.find((input) => input.value === '')?.name };
    });
    expect(focused.firstEmpty).toBeDefined();
    expect(focused.focused).toBe(focused.firstEmpty);
    await security.fill('security@contoso.example');
    await panel.getByRole('button', { name: 'Save and fill in' }).click();
    await poll(() => panel.getByRole('status').textContent()).toMatch(/Filled in \d+ places? in \d+ sections?/);
    await poll(() => editor.locator('.placeholder-unfilled[data-placeholder="security_contact"]').count()).toBe(0);
    expect(await editor.textContent()).toContain('security@contoso.example');
    await poll(() => button.textContent()).toBe(`${total - securityCount} places to fill in`);
    await panel.getByRole('button', { name: 'Done' }).click();
    await panel.waitFor({ state: 'hidden' });

    // Signing a section that still has blanks: the dialog says so.
    const roles = sectionTitled(page, 'Roles and approvals');
    await roles.getByRole('button', { name: 'Sign off for Communications' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign off “Roles and approvals”' });
    await dialog.getByTestId('signoff-unfilled').waitFor();
    expect(await dialog.getByTestId('signoff-unfilled').textContent()).toMatch(/still has \d+ placeholders to fill in/);
  });

  test('with the caret in a highlighted placeholder a bubble offers Fill in at that value (or Alt+Enter); Escape goes back to the text', async () => {
    const session = await signUpAdmin(world.url, 'communications', 'Cora Comms');
    const policyId = await createPolicy(world.url, session, { title: 'Social media policy', templateId: 'corporate-enterprise', organization: 'Contoso' });
    const { page } = await world.person('communications', session);
    await page.goto(`${world.url}/p/${policyId}`);
    await waitForEditor(page);
    const lead = page.locator('.policy-editor .placeholder-unfilled[data-placeholder="social_media_lead"]').first();
    await lead.waitFor();
    expect(await lead.getAttribute('title')).toBe('To fill in: Social media lead');
    const bubble = page.getByRole('group', { name: 'Placeholder' });
    expect(await bubble.isVisible()).toBe(false);

    // A click puts the caret there, as anywhere in the text, and opens nothing; the bubble names the
    // value, next to it (under it, or above it at the foot of the window) and inside the window.
    const near = async () => {
      const [leadBox, bubbleBox] = [(await lead.boundingBox())!, (await bubble.boundingBox())!];
      const gap = bubbleBox.y >= leadBox.y + leadBox.height ? bubbleBox.y - (leadBox.y + leadBox.height) : leadBox.y - (bubbleBox.y + bubbleBox.height);
      return gap >= 0 && gap < 20 && bubbleBox.y >= 0 && bubbleBox.y + bubbleBox.height <= 800;
    };
    await lead.click();
    await bubble.waitFor();
    expect(await bubble.textContent()).toBe('To fill in: Social media leadFill in…');
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await near()).toBe(true);
    // It stays with the placeholder when the page scrolls.
    await page.mouse.wheel(0, 120);
    await poll(near).toBe(true);

    await bubble.getByRole('button', { name: 'Fill in…' }).click();
    const panel = page.getByRole('dialog', { name: 'Fill in' });
    await panel.locator('input[name="social_media_lead"]').waitFor();
    // The caret is in that value's box, not in the first empty one (the legal contact, further up).
    await poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('social_media_lead');
    expect(await panel.locator('.fill-in-asked input').getAttribute('name')).toBe('social_media_lead');
    const firstEmpty = await panel.locator('.fill-in-field input').first().getAttribute('name');
    expect(firstEmpty).not.toBe('social_media_lead');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
    // Back in the text, with the caret where it was: still in the placeholder, so the bubble is back.
    await poll(() => page.evaluate(() => document.activeElement?.classList.contains('ProseMirror') ?? false)).toBe(true);
    await bubble.waitFor();

    // From the keyboard: Alt+Enter with the caret in it; typing in other text leaves the bubble away.
    await page.keyboard.press('Alt+Enter');
    await poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('social_media_lead');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
    await page.keyboard.press('End');
    await bubble.waitFor({ state: 'hidden' });
    await page.keyboard.press('Alt+Enter');
    await page.waitForTimeout(300);
    expect(await page.getByRole('dialog').count()).toBe(0);

    // The plain Fill in button still opens at the first empty value.
    await page.getByTestId('fill-in-button').click();
    await poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe(firstEmpty);
  });
});
