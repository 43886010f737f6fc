import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { loadFixture } from '../fixtures/load';
import { withAppAndBrowser } from './setup';

/**
 * Two leaders on the review link score the same surface at the same moment. A reviewer may not
 * replace a score in someone else's name, so only the first is kept. The other used to see their
 * form close and, a moment later, the first leader's score in its place: their evidence gone, and
 * nothing said. They are told now, and what they wrote is given back to them.
 */
const env = withAppAndBrowser();

/** Where the keyboard is: the focused element's tag, and its name as a screen reader gives it (for a heading, its row's surface). */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'the page’s body';
    return el.tagName === 'H3' ? `heading of ${el.closest('[data-surface]')?.getAttribute('data-surface')}` : `${el.tagName} ${el.getAttribute('aria-label') ?? el.textContent?.trim()}`;
  });

async function openScoreForm(page: Page, score: string, evidence: string) {
  await page.getByRole('button', { name: 'Scorecard', exact: true }).click();
  const workflow = page.locator('.scorecard-panel [data-surface="workflow"]');
  await workflow.getByRole('button', { name: 'Score this surface…' }).click();
  await workflow.getByLabel('Score').selectOption(score);
  await workflow.getByLabel('Evidence (what you saw, not what you hope)').fill(evidence);
  return workflow;
}

async function twoLeaders() {
  const created = await env.app.createMap(loadFixture('contract-review'));
  const first = await env.browser.person('Leader A');
  const second = await env.browser.person('Leader B');
  for (const { page } of [first, second]) {
    await page.goto(created.links.review);
    await page.locator('.connection.is-connected').waitFor();
  }
  const recorded = async () => (await env.app.getMap(created.id, created.links.edit)).assessment?.workflow;
  return { first, second, recorded };
}

describe('two leaders scoring one surface at the same moment', () => {
  it('tells the one whose score was not kept, whose was, and gives back what they wrote', async () => {
    const { first, second, recorded } = await twoLeaders();
    const mine = await openScoreForm(second.page, '4', 'Contracts wait a week for the committee');
    // Leader B's score is on its way while Leader A's reaches the server first.
    await second.context.setOffline(true);
    const theirs = await openScoreForm(first.page, '2', 'Paralegals re-read every contract');
    await theirs.getByRole('button', { name: 'Record score' }).click();
    await expect.poll(async () => (await recorded())?.by).toBe('Leader A');
    await mine.getByRole('button', { name: 'Record score' }).click();
    await second.context.setOffline(false);

    const notice = mine.locator('.score-unkept');
    await expect.poll(() => notice.count(), { timeout: 15_000 }).toBe(1);
    expect(await notice.textContent()).toContain('Your score (4 of 5) was not kept: Leader A scored this surface at the same time');
    expect(await notice.getByRole('textbox', { name: 'Your evidence, not recorded' }).inputValue()).toBe('Contracts wait a week for the committee');
    await expect.poll(() => mine.locator('[data-team-score]').textContent()).toContain('2 of 5, Paralegals re-read every contract (Leader A');
    expect((await recorded())?.evidence).toBe('Paralegals re-read every contract');
    // The row's Score button went with the score that was kept, and the focus on it: the notice
    // takes it, on what the leader wrote, rather than the page's body where a screen reader is silent.
    await expect.poll(() => focused(second.page)).toBe('TEXTAREA Your evidence, not recorded');
    await second.page.keyboard.press('Tab');
    expect(await focused(second.page)).toBe('BUTTON Dismiss');
    await second.page.keyboard.press('Enter');
    expect(await notice.count()).toBe(0);
    // The notice goes with the focus in it: the surface's heading takes it, and Tab goes on from there.
    await expect.poll(() => focused(second.page)).toBe('heading of workflow');
  }, 60_000);

  it('keeps what a leader is writing when another’s score arrives first', async () => {
    const { first, second } = await twoLeaders();
    const mine = await openScoreForm(second.page, '4', 'Contracts wait a week for the committee');
    const theirs = await openScoreForm(first.page, '2', 'Paralegals re-read every contract');
    await theirs.getByRole('button', { name: 'Record score' }).click();

    const notice = mine.locator('.score-unkept');
    await expect.poll(() => notice.count()).toBe(1);
    expect(await notice.textContent()).toContain('Leader A scored this surface while you were writing');
    expect(await notice.getByRole('textbox', { name: 'Your evidence, not recorded' }).inputValue()).toBe('Contracts wait a week for the committee');
    expect(await mine.getByRole('button', { name: 'Record score' }).count()).toBe(0);
    // The form went with the focus in it: the notice takes it, and gives it to the surface's heading once dismissed.
    await expect.poll(() => focused(second.page)).toBe('TEXTAREA Your evidence, not recorded');
    await notice.getByRole('button', { name: 'Dismiss' }).press('Enter');
    await expect.poll(() => focused(second.page)).toBe('heading of workflow');
  }, 60_000);
});
