import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { loadFixture } from '../fixtures/load';
import { withAppAndBrowser } from './setup';

/**
 * A leader's review from the keyboard alone: a form that goes once sent (a waiver, a team score)
 * takes the focus with it; the focus goes on to the next thing to do, never to the page's body,
 * from where Tab starts again at the top of the page and a screen reader says nothing.
 */
const env = withAppAndBrowser();
let page: Page;

beforeAll(async () => {
  const created = await env.app.createMap(loadFixture('marketing-content'));
  page = (await env.browser.person('COO')).page;
  await page.goto(created.links.review);
  await page.locator('.react-flow__node').first().waitFor();
  await page.locator('.connection.is-connected').waitFor();
});

/** What has the keyboard: its tag and the name a screen reader gives it. */
const focused = () =>
  page.evaluate(() => {
    const el = document.activeElement;
    return el ? `${el.tagName.toLowerCase()}: ${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 60)}` : '';
  });

describe('the review from the keyboard', () => {
  it('a waiver accepted with Enter moves the focus on to the next finding, and says what it did', async () => {
    await page.getByRole('tab', { name: /Findings/ }).click();
    const finding = page.locator('.finding[data-rule="verification-exceeds-work"]');
    const next = finding.locator('xpath=following-sibling::li[1]').locator('.finding-open');
    const nextName = ((await next.textContent()) ?? '').trim().slice(0, 60);
    await finding.getByRole('button', { name: 'Waive…' }).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Legal requires a full read this quarter');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('button: Accept the risk');
    await page.keyboard.press('Enter');
    await finding.waitFor({ state: 'detached' });
    expect(await focused()).toBe(`button: ${nextName}`);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Waived' }).textContent()).toContain('Checking costs more than doing');
  }, 60_000);

  it('a team score recorded with Enter leaves the focus on its row’s button, inside the dialog', async () => {
    await page.getByRole('button', { name: 'Scorecard', exact: true }).focus();
    await page.keyboard.press('Enter');
    const row = page.locator('.surface-row[data-surface="governance"]');
    await row.getByRole('button', { name: /Score this surface/ }).focus();
    await page.keyboard.press('Enter');
    await row.locator('select[name="score"]').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.type('Every piece passes legal review');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('button: Record score');
    await page.keyboard.press('Enter');
    await row.locator('[data-team-score]', { hasText: 'Every piece passes legal review' }).waitFor();
    await expect.poll(focused).toBe('button: Change the team’s score… (governance)');
  }, 60_000);

  it('a score form is left with Esc or Cancel, nothing recorded: the dialog stays, the focus on its row’s button', async () => {
    if (!(await page.locator('#scorecard-title').isVisible())) {
      await page.getByRole('button', { name: 'Scorecard', exact: true }).focus();
      await page.keyboard.press('Enter');
    }
    const row = page.locator('.surface-row[data-surface="evaluation"]');
    const form = row.locator('.score-form');
    const scoreButton = 'button: Score this surface… (evaluation)';
    await row.getByRole('button', { name: /Score this surface/ }).focus();
    await page.keyboard.press('Enter');
    await row.locator('select[name="score"]').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.type('Half a thought');
    // Esc closes the form, the last thing opened, not the dialog around it.
    await page.keyboard.press('Escape');
    await form.waitFor({ state: 'detached' });
    expect(await page.locator('#scorecard-title').isVisible()).toBe(true);
    await expect.poll(focused).toBe(scoreButton);
    expect(await row.locator('[data-team-score]').textContent()).toBe('Team: not scored');

    // Opened again, it starts afresh; its Cancel button does as Esc did.
    await page.keyboard.press('Enter');
    expect(await row.locator('textarea[name="evidence"]').inputValue()).toBe('');
    await row.locator('textarea[name="evidence"]').fill('Another half a thought');
    await row.getByRole('button', { name: 'Cancel', exact: true }).focus();
    await page.keyboard.press('Enter');
    await form.waitFor({ state: 'detached' });
    expect(await page.locator('#scorecard-title').isVisible()).toBe(true);
    await expect.poll(focused).toBe(scoreButton);
    expect(await row.locator('[data-team-score]').textContent()).toBe('Team: not scored');

    // With no form open, Esc closes the dialog, as before.
    await page.keyboard.press('Escape');
    await page.locator('#scorecard-title').waitFor({ state: 'detached' });
  }, 60_000);
});
