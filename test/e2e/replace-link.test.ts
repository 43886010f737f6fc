import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { loadFixture } from '../fixtures/load';
import { addStep } from './canvas';
import { withAppAndBrowser } from './setup';

/**
 * A review link went to the wrong people, and the edit link leaked: the facilitator makes new ones
 * in the Share dialog. The pages open on the old links are disconnected and told, and the
 * facilitator's own page goes on, on the new edit link.
 */
const env = withAppAndBrowser();

/** The links this browser keeps for the map (the home page's list), by role. */
const heldTokens = (page: Page, id: string) =>
  page.evaluate((mapId) => JSON.parse(localStorage.getItem('stallmap:maps') ?? '[]').find((m: { id: string }) => m.id === mapId)?.tokens, id);

it('Make new link replaces a link for everyone on it, and the page that made it carries on', async () => {
  const { app, browser } = env;
  const created = await app.createMap(loadFixture('contract-review'));
  const facilitator = await browser.person('Facilitator');
  const leader = await browser.person('Leader');
  const leakedTo = await browser.person('Someone else');
  await facilitator.page.goto(`${app.url}/m/${created.id}#token=${created.tokens.edit}`);
  await leader.page.goto(`${app.url}/m/${created.id}#token=${created.tokens.review}`);
  await leakedTo.page.goto(`${app.url}/m/${created.id}#token=${created.tokens.edit}`);
  for (const { page } of [facilitator, leader, leakedTo]) await page.locator('.react-flow__node').first().waitFor();

  const { page } = facilitator;
  await page.getByRole('button', { name: 'Share' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Make new link: review link' }).click();
  // Nothing is replaced before the person has read who loses access.
  expect(await dialog.locator('.share-confirm[data-replaces="review"]').textContent()).toContain('Leaders with the current review link are disconnected at once');
  await dialog.getByRole('button', { name: 'Replace the review link' }).click();
  await expect.poll(() => dialog.locator('.share-replace[data-replaces="review"] [role="status"]').textContent()).toContain('New review link made: the old one no longer opens the map.');
  const newReview = await dialog.locator('.share-link[data-role="review"] input').inputValue();
  expect(newReview).toMatch(new RegExp(`/m/${created.id}#token=[A-Za-z0-9_-]+$`));
  expect(newReview).not.toContain(created.tokens.review);
  await expect.poll(() => leader.page.locator('.banner.refusal').textContent()).toContain('This review link was replaced, so it no longer opens the map. Ask whoever sent it to you for the new one.');
  // The page has stopped trying: its connection status (read out as it changes) says so, not "Reconnecting…" for good.
  await expect.poll(() => leader.page.locator('.connection').textContent()).toBe('Offline');

  await dialog.getByRole('button', { name: 'Make new link: edit link' }).click();
  expect(await dialog.locator('.share-confirm[data-replaces="edit"]').textContent()).toContain('This page moves to the new link.');
  await dialog.getByRole('button', { name: 'Replace the edit link' }).click();
  await expect.poll(() => dialog.locator('.share-replace[data-replaces="edit"] [role="status"]').textContent()).toContain('This page now uses the new one.');
  const newEdit = new URL(await dialog.locator('.share-link[data-role="edit"] input').inputValue()).hash.replace('#token=', '');
  expect(newEdit).not.toBe(created.tokens.edit);
  await expect.poll(() => leakedTo.page.locator('.banner.refusal').textContent()).toContain('Ask your team for the new edit link');

  // The facilitator's page: its address and this browser's links are the new ones, and it still edits.
  expect(new URL(page.url()).hash).toBe(`#token=${newEdit}`);
  expect(await heldTokens(page, created.id)).toEqual({ edit: newEdit, review: new URL(newReview).hash.replace('#token=', ''), view: created.tokens.view });
  await page.getByRole('button', { name: 'Close' }).click();
  await expect.poll(() => page.locator('.connection').textContent()).toBe('Connected');
  expect(await page.locator('.banner.refusal').count()).toBe(0);
  const added = await addStep(page, 'human');
  await expect.poll(async () => (await app.getMap(created.id, `${app.url}/m/${created.id}#token=${newEdit}`)).steps.some((step) => step.id === added)).toBe(true);

  for (const person of [facilitator, leader, leakedTo]) await person.context.close();
});

it('moves another tab of the same browser to the new edit link, since this browser holds it', async () => {
  const { app, browser } = env;
  const created = await app.createMap(loadFixture('contract-review'));
  const facilitator = await browser.person('Facilitator');
  const other = await facilitator.context.newPage();
  // This tab is told its link was replaced only once this browser holds the new one, as a busy
  // machine can order it: the server's close reaches the page a second late.
  await other.routeWebSocket(/\/sync\//, (ws) => {
    const server = ws.connectToServer();
    server.onClose((code, reason) => setTimeout(() => ws.close({ code, reason }), 1000));
  });
  for (const tab of [facilitator.page, other]) {
    await tab.goto(`${app.url}/m/${created.id}#token=${created.tokens.edit}`);
    await tab.locator('.connection.is-connected').waitFor();
  }

  const dialog = facilitator.page.getByRole('dialog');
  await facilitator.page.getByRole('button', { name: 'Share' }).click();
  await dialog.getByRole('button', { name: 'Make new link: edit link' }).click();
  await dialog.getByRole('button', { name: 'Replace the edit link' }).click();
  await expect.poll(() => dialog.locator('.share-replace[data-replaces="edit"] [role="status"]').textContent()).toContain('This page now uses the new one.');
  const newEdit = (await heldTokens(facilitator.page, created.id)).edit;

  // The other tab was closed on the old link, and goes on with the one this browser now holds.
  await expect.poll(() => new URL(other.url()).hash, { timeout: 15_000 }).toBe(`#token=${newEdit}`);
  await expect.poll(() => other.locator('.connection').textContent(), { timeout: 15_000 }).toBe('Connected');
  expect(await other.locator('.banner.refusal').count()).toBe(0);
  const added = await addStep(other, 'human');
  await expect.poll(async () => (await app.getMap(created.id, `${app.url}/m/${created.id}#token=${newEdit}`)).steps.some((step) => step.id === added)).toBe(true);
  await facilitator.context.close();
});
