import { describe, expect, it } from 'vitest';
import { CURRENT_VERSION, type StallMap } from '../../src/core/model';
import { loadFixture } from '../fixtures/load';
import { withAppAndBrowser } from './setup';

/**
 * Dates are the calendar's where the person is, not Greenwich's: a reviewer in Auckland at 09:00
 * on 4 December (20:00 on the 3rd in UTC) waives, scores and prints on the 4th.
 */
const env = withAppAndBrowser();

const AUCKLAND_MORNING = new Date('2026-12-03T20:00:00Z');

describe('dates written and shown in the page', () => {
  it('dates a waiver, a team score and the plan with the local date', async () => {
    const map: StallMap = { ...loadFixture('contract-review'), version: CURRENT_VERSION as StallMap['version'], waivers: [] };
    const created = await env.app.createMap(map);
    const context = await env.browser.browser.newContext({ viewport: { width: 1400, height: 900 }, timezoneId: 'Pacific/Auckland' });
    await context.addInitScript(() => localStorage.setItem('stallmap:name', 'COO'));
    await context.clock.setFixedTime(AUCKLAND_MORNING);
    const page = await context.newPage();
    await page.goto(created.links.review);
    await page.locator('[data-metric="lead-time"]').waitFor();
    expect(await page.evaluate(() => new Date().toString())).toContain('Fri Dec 04 2026 09:00');

    await page.getByRole('tab', { name: /Findings/ }).click();
    const finding = page.locator('.finding[data-rule="verification-exceeds-work"]');
    await finding.getByRole('button', { name: 'Waive…' }).click();
    await finding.locator('textarea[name="reason"]').fill('Regulator requires a full read this quarter');
    await finding.getByRole('button', { name: 'Accept the risk' }).click();

    await page.getByRole('button', { name: 'Scorecard', exact: true }).click();
    const workflow = page.locator('[data-surface="workflow"]');
    await workflow.getByRole('button', { name: /Score this surface/ }).click();
    await workflow.locator('textarea[name="evidence"]').fill('Contracts wait three days for the Thursday meeting');
    await workflow.getByRole('button', { name: 'Record score' }).click();
    await page.keyboard.press('Escape');

    await expect.poll(async () => (await env.app.getMap(created.id, created.links.edit)).assessment?.workflow?.at).toBe('2026-12-04');
    const stored = await env.app.getMap(created.id, created.links.edit);
    expect(stored.waivers.map((w) => w.at)).toEqual(['2026-12-04']);

    await page.getByRole('button', { name: 'Plan', exact: true }).click();
    await expect.poll(() => page.locator('.plan-document').textContent()).toContain('Prepared 2026-12-04');
    await context.close();
  }, 60_000);
});
