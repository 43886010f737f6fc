import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { StallMap } from '../../src/core/model';
import { findTemplate } from '../../src/core/templates';
import type { CreatedMap } from './app';
import { withAppAndBrowser } from './setup';

/**
 * A redesign that a workshop left half drawn: the invoice template (its rework join is a choice, so
 * it has a typical lead time, the same as its lead time) with a redesign whose end step was deleted. No item gets through the
 * redesign, so its figures are none: the compare view must not call them unchanged, and the
 * summary line must not show a typical lead time of 0 for it.
 */
const env = withAppAndBrowser();
/** For a test that opens a page: it waits for the page to load and sync, which a busy machine makes slow, not wrong. */
const OPENS_A_PAGE_MS = 60_000;

function halfDrawnRedesign(): StallMap {
  const today = findTemplate('invoice-processing')?.map as StallMap;
  const ends = new Set(today.steps.filter((s) => s.kind === 'end').map((s) => s.id));
  return {
    ...today,
    redesign: {
      steps: today.steps.filter((s) => !ends.has(s.id)),
      joins: today.joins.filter((j) => !ends.has(j.to)),
    },
  };
}

const row = (page: Page, figure: string) => page.locator(`.before-after tr[data-figure="${figure}"] td`);

let created: CreatedMap;
let page: Page;

beforeAll(async () => {
  created = await env.app.createMap(halfDrawnRedesign());
  page = (await env.browser.person('Facilitator')).page;
});

describe('a redesign with no path from a start to an end', () => {
  it('the compare view shows its lead times and staff time as none, never as unchanged', async () => {
    await page.goto(`${created.links.edit}&view=compare`);
    await page.locator('.before-after').waitFor();
    for (const figure of ['leadTimeMinutes', 'staffMinutesPerItem', 'staffHoursPerWeek']) {
      const [, after, change] = await row(page, figure).allTextContents();
      expect([figure, after, change]).toEqual([figure, '—', '—']);
    }
    // Today's typical lead time is its lead time (the rework share is the only choice), and the redesign has none: no row says it twice.
    expect(await row(page, 'typicalLeadTimeMinutes').count()).toBe(0);
    // A count both states give still reads as a change, or "=" when it is the same.
    const checks = await row(page, 'checks').allTextContents();
    expect(checks[2]).toBe(checks[0] === checks[1] ? '=' : expect.stringMatching(/^[−+]/));
  }, OPENS_A_PAGE_MS);

  it('the summary line on the redesign gives no typical lead time, as it gives no lead time', async () => {
    await page.locator('.view-toggle button[data-view="redesign"]').click();
    await expect.poll(() => page.locator('.view-toggle button[aria-pressed="true"]').getAttribute('data-view')).toBe('redesign');
    await expect.poll(() => page.locator('.summary [data-lead-time="redesign"]').textContent()).toBe('none');
    expect(await page.locator('.summary [data-metric="typical-lead-time"]').count()).toBe(0);
    // Today's map has its path, and its lead time.
    await page.locator('.view-toggle button[data-view="now"]').click();
    await expect.poll(() => page.locator('.summary [data-lead-time="now"]').textContent()).not.toBe('none');
  }, OPENS_A_PAGE_MS);
});
