import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { loadFixture } from '../fixtures/load';
import type { CreatedMap } from './app';
import { withAppAndBrowser } from './setup';

/**
 * test/fixtures/invoice-sampled-check.json, whose redesign's figures fall between whole numbers
 * (4,419.5 min of lead time, 87.5 staff hours a week: see test/cli/before-after-agree.test.ts).
 * A facilitator shows the compare view and hands the board the plan: the page and the plan the
 * server gives (GET /api/maps/<id>/plan) must give every figure alike, and the summary line too.
 */
const env = withAppAndBrowser();
/** For a test that opens a page: it waits for the page to load and sync, which a busy machine makes slow, not wrong. */
const OPENS_A_PAGE_MS = 60_000;

let created: CreatedMap;
let page: Page;

beforeAll(async () => {
  created = await env.app.createMap(loadFixture('invoice-sampled-check'));
  page = (await env.browser.person('Facilitator')).page;
});

async function planFromServer(): Promise<string> {
  const token = new URL(created.links.edit).hash.replace('#token=', '');
  const res = await fetch(`${env.app.url}/api/maps/${created.id}/plan`, { headers: { Authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return res.text();
}

describe('the before and after on the page and in the plan', () => {
  it('the compare view’s rows are the plan’s, figure for figure, and the summary line gives the same lead times', async () => {
    await page.goto(`${created.links.edit}&view=compare`);
    await page.locator('.before-after').waitFor();
    const rows = await page.locator('.before-after tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((cell) => cell.textContent ?? '')));
    const plan = await planFromServer();
    const table = plan.slice(plan.indexOf('### Before and after the redesign'), plan.indexOf('### The redesign'));
    const planRows = table
      .split('\n')
      .filter((line) => line.startsWith('| ') && !line.startsWith('| |') && !line.startsWith('| ---'))
      .map((line) => line.slice(2, -2).split(' | '));
    expect(planRows.length).toBeGreaterThan(4);
    for (const planRow of planRows) expect(rows).toContainEqual(planRow);
    expect(rows).toContainEqual(['Lead time', '5d 5h 51m', '3d 1h 40m', '−2d 4h 11m']);
    expect(rows).toContainEqual(['Staff hours a week', '283', '88', '−195']);

    expect(await page.locator('.summary [data-lead-time="now"]').textContent()).toBe('5d 5h 51m');
    expect(await page.locator('.summary [data-lead-time="redesign"]').textContent()).toBe('3d 1h 40m');
    expect(plan).toContain('; 283 staff hours a week (11,333 a week at 40 an hour);');
    expect(await page.locator('.summary [data-metric="staff-hours-per-week"]').textContent()).toBe('283');
  }, OPENS_A_PAGE_MS);

  it('on the redesign, the summary line gives its typical lead time as the plan does', async () => {
    await page.locator('.view-toggle button[data-view="redesign"]').click();
    await expect.poll(() => page.locator('.summary [data-metric="typical-lead-time"]').textContent()).toBe('1d 20m');
    expect(await page.locator('.summary [data-metric="staff-hours-per-week"]').textContent()).toBe('88');
  }, OPENS_A_PAGE_MS);
});
