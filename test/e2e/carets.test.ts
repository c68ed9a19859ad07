import { expect, test } from 'vitest';
import { createPolicy, signUpAdmin, signUpInvited } from '../support/session';
import { describeInBrowser } from './support/browser';
import { openPolicy, paragraphOf, placeCaretAtEnd, sectionTitled } from './support/editor';
import { poll } from './support/poll';
import { useWorld } from './support/world';

describeInBrowser('other people’s carets', () => {
  const world = useWorld();

  test('carets have distinct colours and a small label above the line that fades and returns on hover', async () => {
    const adminSession = await signUpAdmin(world.url, 'marketing', 'Mia Marketing');
    const legalSession = await signUpInvited(world.url, adminSession, 'legal', 'editor', 'Leo Legal');
    const policyId = await createPolicy(world.url, adminSession, { title: 'Social Media Policy', templateId: 'healthcare-provider', organization: 'Northwind Health' });
    const marketing = await world.person('marketing', adminSession);
    const legal = await world.person('legal', legalSession);
    await Promise.all([openPolicy(marketing.page, world.url, policyId), openPolicy(legal.page, world.url, policyId)]);

    await placeCaretAtEnd(legal.page, paragraphOf(sectionTitled(legal.page, 'Purpose and scope')));
    const caret = marketing.page.locator('.collaboration-carets__caret');
    await caret.waitFor();
    const label = caret.locator('.collaboration-carets__label');
    expect(await label.textContent()).toBe('Leo Legal');

    // The label sits above the caret's line, not over the text on it.
    // (Measured again if the caret is redrawn in between: it is drawn anew on every awareness change.)
    let boxes: { caretBox: { x: number; y: number; width: number; height: number }; labelBox: { y: number; height: number } } | null = null;
    await poll(async () => {
      const [caretBox, labelBox] = await Promise.all([caret.boundingBox(), label.boundingBox()]);
      boxes = caretBox && labelBox ? { caretBox, labelBox } : null;
      return boxes !== null;
    }).toBe(true);
    const { caretBox, labelBox } = boxes!;
    expect(labelBox.y + labelBox.height).toBeLessThanOrEqual(caretBox.y + 1);
    expect(labelBox.height).toBeLessThan(16);

    // Two people, two colours, in the presence bar and at the caret.
    await poll(() => marketing.page.locator('.presence .avatar').count()).toBe(2);
    const avatarColors = await marketing.page.locator('.presence .avatar').evaluateAll((items) => items.map((item) => getComputedStyle(item).backgroundColor));
    expect(new Set(avatarColors).size).toBe(2);
    const caretColor = await label.evaluate((element) => getComputedStyle(element).backgroundColor);
    expect(avatarColors).toContain(caretColor);

    // After a moment without movement the label fades; hovering the caret brings it back.
    await poll(() => label.evaluate((element) => getComputedStyle(element).opacity), { timeout: 5_000 }).toBe('0');
    await marketing.page.mouse.move(caretBox.x + caretBox.width / 2, caretBox.y + caretBox.height / 2);
    await poll(() => label.evaluate((element) => getComputedStyle(element).opacity)).toBe('1');

    // When Legal types again, the label shows again without hovering, then fades.
    await marketing.page.mouse.move(5, 5);
    await poll(() => label.evaluate((element) => getComputedStyle(element).opacity), { timeout: 5_000 }).toBe('0');
    await label.evaluate((element) => element.setAttribute('data-faded', ''));
    await legal.page.keyboard.type(' Be kind.');
    // The typing reaches Marketing first (on a busy machine that alone can take seconds)...
    await poll(() => paragraphOf(sectionTitled(marketing.page, 'Purpose and scope')).textContent(), { timeout: 10_000 }).toContain('Be kind.');
    // ...and the moved caret is drawn anew, which starts its label visible (CSS: shown, then faded after 1.5 s).
    // Checked by the new element rather than by catching the opacity in that window on a busy machine.
    const redrawn = marketing.page.locator('.collaboration-carets__label:not([data-faded])');
    await poll(() => redrawn.count(), { timeout: 10_000 }).toBe(1);
    expect(await redrawn.evaluate((element) => getComputedStyle(element).animationName)).toBe('caret-label-fade');
  });
});
