import { expect, test, vi } from 'vitest';
import { createPolicy, signUpAdmin, signUpInvited } from '../support/session';
import { describeInBrowser } from './support/browser';
import { blockText, documentText, openApp, openPolicy, paragraphOf, placeCaretAtEnd, sectionTitled, typeAtEnd, waitForEditor } from './support/editor';
import { field } from './support/forms';
import { poll } from './support/poll';
import { serverSections } from './support/serverState';
import { useWorld } from './support/world';

/** The characters of a text, sorted: equal for two texts made of the same keystrokes in any order. */
function sortedChars(text: string): string {
  return [...text].sort().join('');
}

describeInBrowser('co-editing', () => {
  const world = useWorld();

  test('from a template to live co-editing: both see each other type, carets with names, same paragraph converges', async () => {
    const adminSession = await signUpAdmin(world.url, 'marketing', 'Mia Marketing');
    const legalSession = await signUpInvited(world.url, adminSession, 'legal', 'editor', 'Leo Legal');
    const marketing = await world.person('marketing', adminSession);
    const legal = await world.person('legal', legalSession);

    // Marketing starts the policy from the healthcare template in the gallery.
    await openApp(marketing.page, world.url, '/templates');
    await marketing.page.locator('button[data-template="healthcare-provider"]').click();
    await field(marketing.page, 'Organization name').fill('Northwind Health');
    await marketing.page.getByRole('button', { name: 'Create policy from this template' }).click();
    await marketing.page.waitForURL(/\/p\/[A-Za-z0-9_-]+$/);
    await waitForEditor(marketing.page);
    const policyUrl = marketing.page.url();
    await poll(() => paragraphOf(sectionTitled(marketing.page, 'Purpose and scope')).textContent()).toContain('Patients trust Northwind Health');

    // Legal opens the same link.
    await legal.page.goto(policyUrl);
    await waitForEditor(legal.page);
    expect(await documentText(legal.page)).toBe(await documentText(marketing.page));

    // Each types in a different section and sees the other's words arrive.
    const marketingWords = ' Marketing reviews every campaign post first.';
    const legalWords = ' Legal must see any post about a lawsuit.';
    await typeAtEnd(marketing.page, paragraphOf(sectionTitled(marketing.page, 'Official accounts')), marketingWords);
    await typeAtEnd(legal.page, paragraphOf(sectionTitled(legal.page, 'Who may speak for us')), legalWords);
    await poll(() => blockText(paragraphOf(sectionTitled(legal.page, 'Official accounts')))).toMatch(/Marketing reviews every campaign post first\.$/);
    await poll(() => blockText(paragraphOf(sectionTitled(marketing.page, 'Who may speak for us')))).toMatch(/Legal must see any post about a lawsuit\.$/);

    // Each sees the other's caret, labelled with the other's name.
    await marketing.page.locator('.collaboration-carets__label', { hasText: 'Leo Legal' }).waitFor({ state: 'visible', timeout: 10_000 });
    await legal.page.locator('.collaboration-carets__label', { hasText: 'Mia Marketing' }).waitFor({ state: 'visible', timeout: 10_000 });
    expect(await marketing.page.locator('.collaboration-carets__label', { hasText: 'Mia Marketing' }).count()).toBe(0);

    // Both type into the same paragraph at the same time.
    const shared = (page: typeof marketing.page) => paragraphOf(sectionTitled(page, 'Patient privacy'));
    const before = await blockText(shared(marketing.page));
    await placeCaretAtEnd(marketing.page, shared(marketing.page));
    await placeCaretAtEnd(legal.page, shared(legal.page));
    const upper = ' MARKETINGANDLEGALTYPETOGETHER';
    const lower = ' legal-and-marketing-at-once';
    await Promise.all([marketing.page.keyboard.type(upper, { delay: 25 }), legal.page.keyboard.type(lower, { delay: 25 })]);

    await vi.waitFor(
      async () => {
        const [left, right] = await Promise.all([documentText(marketing.page), documentText(legal.page)]);
        expect(left).toBe(right);
      },
      { timeout: 15_000, interval: 100 },
    );
    const after = await blockText(shared(marketing.page));
    expect(after.startsWith(before)).toBe(true);
    // Every keystroke of both people is there, once. (Where two carets sit at the very end of the
    // same paragraph, the Yjs binding does not keep each person's keystrokes in their order, so
    // only the set of characters is compared; see the report.)
    const added = after.slice(before.length);
    expect(sortedChars(added)).toBe(sortedChars(upper + lower));
    // The server's copy is the same.
    const policyId = new URL(policyUrl).pathname.split('/')[2]!;
    const onServer = (await serverSections(world.url, adminSession, policyId)).find((section) => section.title === 'Patient privacy')!;
    expect(onServer.text.split('\n')[1]).toBe(after);
  });

  test('offline and back: edits made on both sides while one is cut off end up in both windows', async () => {
    const adminSession = await signUpAdmin(world.url, 'marketing', 'Mia Marketing');
    const legalSession = await signUpInvited(world.url, adminSession, 'legal', 'editor', 'Leo Legal');
    const policyId = await createPolicy(world.url, adminSession, { title: 'Social Media Policy', templateId: 'healthcare-provider', organization: 'Northwind Health' });
    const marketing = await world.person('marketing', adminSession);
    const legal = await world.person('legal', legalSession);
    await openPolicy(marketing.page, world.url, policyId);
    await openPolicy(legal.page, world.url, policyId);

    await legal.context.setOffline(true);
    await legal.page.locator('.policy-tools [data-connection="offline"]').waitFor({ timeout: 10_000 });

    const legalOffline = ' Legal wrote this while offline.';
    const marketingOnline = ' Marketing wrote this meanwhile.';
    const marketingShared = ' MARKETING';
    const legalShared = ' legal';
    await typeAtEnd(legal.page, paragraphOf(sectionTitled(legal.page, 'Records retention')), legalOffline);
    await typeAtEnd(marketing.page, paragraphOf(sectionTitled(marketing.page, 'Official accounts')), marketingOnline);
    // Both also change the same paragraph while apart.
    await typeAtEnd(legal.page, paragraphOf(sectionTitled(legal.page, 'Purpose and scope')), legalShared);
    await typeAtEnd(marketing.page, paragraphOf(sectionTitled(marketing.page, 'Purpose and scope')), marketingShared);

    // While cut off, neither sees the other's words (Marketing's have reached the server, Legal's have not).
    await poll(async () => (await serverSections(world.url, adminSession, policyId)).map((section) => section.text).join('\n')).toContain(marketingOnline.trim());
    expect((await serverSections(world.url, adminSession, policyId)).map((section) => section.text).join('\n')).not.toContain(legalOffline.trim());
    expect(await blockText(paragraphOf(sectionTitled(legal.page, 'Official accounts')))).not.toContain(marketingOnline.trim());
    expect(await blockText(paragraphOf(sectionTitled(marketing.page, 'Records retention')))).not.toContain(legalOffline.trim());
    await poll(() => legal.page.locator('.policy-tools .connection').getAttribute('data-connection')).not.toBe('connected');

    await legal.context.setOffline(false);
    // When the socket was dropped, y-websocket retries with a backoff of up to 5 s: allow a few rounds.
    await vi.waitFor(
      async () => {
        const [left, right] = await Promise.all([documentText(marketing.page), documentText(legal.page)]);
        expect(left).toBe(right);
        expect(left).toContain(legalOffline.trim());
        expect(left).toContain(marketingOnline.trim());
      },
      { timeout: 20_000, interval: 200 },
    );
    const sharedText = await blockText(paragraphOf(sectionTitled(marketing.page, 'Purpose and scope')));
    expect(sharedText).toContain(marketingShared.trim());
    expect(sharedText).toContain(legalShared.trim());
    // And Legal is told the connection is back. (Chromium's offline mode holds the open
    // WebSocket's frames back rather than closing it, as a short network blip does.)
    await poll(() => legal.page.locator('.policy-tools .connection').getAttribute('data-connection'), {
      message: 'edits flow again, so the connection indicator should say "Connected" instead of "Offline"',
    }).toBe('connected');
  });

  test('offline long enough to lose the connection: it comes back within the backoff and both edits merge', async () => {
    const adminSession = await signUpAdmin(world.url, 'marketing', 'Mia Marketing');
    const legalSession = await signUpInvited(world.url, adminSession, 'legal', 'editor', 'Leo Legal');
    const policyId = await createPolicy(world.url, adminSession, { title: 'Social Media Policy', templateId: 'healthcare-provider', organization: 'Northwind Health' });
    const marketing = await world.person('marketing', adminSession);
    const legal = await world.person('legal', legalSession);
    await openPolicy(marketing.page, world.url, policyId);
    await openPolicy(legal.page, world.url, policyId);
    let legalSockets = 0;
    legal.page.on('websocket', (socket) => {
      if (socket.url().includes('/collab/')) legalSockets += 1;
    });

    // The network goes and the connection with it (the server drops Legal's socket).
    await legal.context.setOffline(true);
    const room = world.server.rooms.get(policyId)!;
    for (const connection of room.connections) if (connection.userId === legalSession.user.id) connection.socket.terminate();
    await poll(() => [...room.connections].filter((connection) => connection.userId === legalSession.user.id).length).toBe(0);

    const legalOffline = ' Legal kept writing without a network.';
    const marketingOnline = ' Marketing kept writing too.';
    await typeAtEnd(legal.page, paragraphOf(sectionTitled(legal.page, 'Medical advice online')), legalOffline);
    await typeAtEnd(marketing.page, paragraphOf(sectionTitled(marketing.page, 'Medical advice online')), marketingOnline);
    expect(await blockText(paragraphOf(sectionTitled(legal.page, 'Medical advice online')))).not.toContain(marketingOnline.trim());

    await legal.context.setOffline(false);
    // y-websocket reconnects with a backoff of up to 5 s; allow a few rounds.
    await legal.page.locator('.policy-tools [data-connection="connected"]').waitFor({ timeout: 20_000 });
    expect(legalSockets).toBeGreaterThan(0);
    await vi.waitFor(
      async () => {
        const [left, right] = await Promise.all([documentText(marketing.page), documentText(legal.page)]);
        expect(left).toBe(right);
        expect(left).toContain(legalOffline.trim());
        expect(left).toContain(marketingOnline.trim());
      },
      { timeout: 20_000, interval: 200 },
    );
    const onServer = (await serverSections(world.url, adminSession, policyId)).find((section) => section.title === 'Medical advice online')!;
    expect(onServer.text).toContain(legalOffline.trim());
    expect(onServer.text).toContain(marketingOnline.trim());
  });
});
