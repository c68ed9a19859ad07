import { expect, test } from 'vitest';
import { aYearAfter, dayNumber, dayOf, localToday } from '../../shared/reviewDate';
import { call, createPolicy, signUpAdmin, signUpInvited } from '../support/session';
import { describeInBrowser } from './support/browser';
import { poll } from './support/poll';
import { policyState, signSection } from './support/serverState';
import { useWorld } from './support/world';
import type { SqliteDatabase } from '../../server/storage/database';

describeInBrowser('the next review', () => {
  const world = useWorld();

  test('after the endorsement the creator sets the review a year on, moves it close, and everyone sees when it is due', async () => {
    const creatorSession = await signUpAdmin(world.url, 'marketing', 'Mia Marketing');
    const legalSession = await signUpInvited(world.url, creatorSession, 'legal', 'editor', 'Leo Legal');
    const policyId = await createPolicy(world.url, creatorSession, { title: 'Short policy' });
    for (const section of (await policyState(world.url, creatorSession, policyId)).sections) await signSection(world.url, creatorSession, policyId, section.id, section.hash);
    const endorsed = await policyState(world.url, creatorSession, policyId);
    expect(endorsed.status).toBe('endorsed');

    const creator = await world.person('marketing', creatorSession);
    await creator.page.goto(`${world.url}/p/${policyId}/dashboard`);
    const card = creator.page.getByTestId('review-card');
    await poll(() => card.getByTestId('review-status').textContent()).toMatch(/^No review date set\. /);
    // Marketing has signed all it signs; the card says so rather than that nothing "waits on" it.
    expect(await creator.page.getByTestId('nothing-to-sign').textContent()).toBe('✓ Marketing has signed everything it needs to sign.');

    // A day gone by is refused in the card itself, in words a screen reader announces.
    const dateField = card.getByLabel('Review by');
    await dateField.fill(dayOf(dayNumber(localToday())! - 2));
    await card.getByRole('button', { name: 'Save review date' }).click();
    await poll(() => card.getByRole('alert').textContent()).toBe('Choose a day that has not passed yet.');
    expect(await dateField.getAttribute('aria-invalid')).toBe('true');
    expect((await policyState(world.url, creatorSession, policyId)).reviewBy).toBeNull();

    // The suggestion is a year after the endorsement, on the reader's own calendar.
    const yearOn = aYearAfter(endorsed.endorsedAt!)!;
    await card.getByRole('button', { name: /^A year after the endorsement/ }).click();
    await poll(() => card.getByRole('status').textContent()).toMatch(/^Saved: the next review is due /);
    await poll(() => card.getAttribute('data-review')).toBe('later');
    expect(await card.getByLabel('Review by').inputValue()).toBe(yearOn);
    expect(await card.getByRole('alert').textContent()).toBe('');
    // The button pressed is gone; the caret is on the date, not back at the top of the page.
    await poll(() => dateField.evaluate((element) => element === document.activeElement)).toBe(true);
    expect((await policyState(world.url, creatorSession, policyId)).reviewBy).toBe(yearOn);
    await poll(() => creator.page.getByTestId('history').textContent()).toContain('Mia Marketing set the next review for');

    // Brought forward to ten days from now: the card and the list say it is coming up.
    const soon = dayOf(dayNumber(localToday())! + 10);
    await card.getByLabel('Review by').fill(soon);
    await card.getByRole('button', { name: 'Save review date' }).click();
    await poll(() => card.getAttribute('data-review')).toBe('soon');
    await poll(() => card.getByTestId('review-status').textContent()).toMatch(/^Review due in 10 days \(/);

    // Legal cannot set it, but reads it on the dashboard and in the list.
    const legal = await world.person('legal', legalSession);
    await legal.page.goto(`${world.url}/p/${policyId}/dashboard`);
    const legalCard = legal.page.getByTestId('review-card');
    await poll(() => legal.page.getByTestId('nothing-to-sign').textContent()).toBe('Nothing in this policy needs a sign-off from Legal.');
    await poll(() => legalCard.getByTestId('review-status').textContent()).toMatch(/^Review due in 10 days/);
    expect(await legalCard.getByLabel('Review by').count()).toBe(0);
    await poll(() => legalCard.getByTestId('review-setters').textContent()).toBe('Admins, and editors added under Share → People with access, set the review date: Mia Marketing.');
    await legal.page.goto(`${world.url}/`);
    const due = legal.page.getByTestId('review-due');
    await poll(() => due.getAttribute('data-review')).toBe('soon');
    expect(await due.textContent()).toMatch(/^Review due in 10 days/);

    // Time passes (written straight into the database: the API refuses days gone by). The policy
    // page says the review is overdue and leads to the dashboard, which offers the next date.
    const past = dayOf(dayNumber(localToday())! - 3);
    (world.server.accounts as unknown as { db: SqliteDatabase }).db.prepare('UPDATE policies SET review_by = ? WHERE id = ?').run(past, policyId);
    await legal.page.goto(`${world.url}/p/${policyId}`);
    const notice = legal.page.getByTestId('review-notice');
    await poll(() => notice.textContent()).toMatch(
      /^Review overdue by 3 days \(due .+\)\. Read the policy through with every department that owns a section and update what has changed; an admin, or an editor it is shared with, then sets the next review on the sign-off dashboard\.$/,
    );
    await notice.getByRole('link', { name: 'sign-off dashboard' }).click();
    await poll(() => legalCard.getAttribute('data-review')).toBe('overdue');
    await creator.page.reload();
    await poll(() => card.getAttribute('data-review')).toBe('overdue');
    expect(await card.getByRole('button', { name: /^A year after the endorsement/ }).count()).toBe(1);

    // Removed: gone from the list too, and the trail says who removed it.
    await card.getByRole('button', { name: 'Remove the review date' }).click();
    await poll(() => card.getAttribute('data-review')).toBe('none');
    await poll(() => creator.page.getByTestId('history').textContent()).toContain('Mia Marketing removed the review date');
    const listed = (await call(world.url, '/api/policies', { cookie: legalSession.cookie })).body as { reviewBy: string | null }[];
    expect(listed.map((policy) => policy.reviewBy)).toEqual([null]);
  });
});
