import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { loadFixture } from '../fixtures/load';
import { withAppAndBrowser } from './setup';

/**
 * The plan, the pictures and the file reader are loaded on demand (src/canvas/onDemand.ts): the
 * page that opens a map does without them, fetches them once it is idle, and says so plainly when
 * one cannot be had.
 */
const env = withAppAndBrowser();

/** Scripts the page fetched, by file name. */
const scriptsFetched = (page: Page) => page.evaluate(() => performance.getEntriesByType('resource').map((entry) => entry.name.split('/').pop() ?? '').filter((name) => name.endsWith('.js')));

/** A test in a new person's page, closed after it. */
async function asPerson(test: (page: Page) => Promise<void>) {
  const { page, context } = await env.browser.person('Facilitator');
  try {
    await test(page);
  } finally {
    await context.close();
  }
}

/** The plan's script, and a picture export's. */
const PLAN_SCRIPT = /\/assets\/PlanView-[^/]*\.js$/;
const PICTURES_SCRIPT = /\/assets\/statePicture-[^/]*\.js$/;

const notices = (page: Page) => page.getByRole('alert').allTextContents();

/** Plan clicked, and the plan shown. */
async function opensPlan(page: Page) {
  await page.getByRole('button', { name: 'Plan', exact: true }).click();
  await expect.poll(() => page.locator('.plan-document h1').textContent()).toContain('Redesign plan');
}

async function openMap(page: Page) {
  const created = await env.app.createMap(loadFixture('contract-review'));
  await page.goto(created.links.edit);
  await page.locator('[data-metric="lead-time"]').waitFor();
}

describe('parts of the editor loaded on demand', () => {
  it('fetches the plan once the map is open and the page idle, and opens it from there', () =>
    asPerson(async (page) => {
      await openMap(page);
      await expect.poll(() => scriptsFetched(page)).toContainEqual(expect.stringMatching(/^PlanView-.*\.js$/));
      await opensPlan(page);
    }));

  it('says so when the plan cannot be loaded, keeps the map as it was, and loads it when tried again', () =>
    asPerson(async (page) => {
      // The server out of reach for the plan's script alone: before the page fetched it, and after.
      await page.route(PLAN_SCRIPT, (route) => route.abort('connectionrefused'));
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await openMap(page);
      await page.getByRole('button', { name: 'Plan', exact: true }).click();
      await expect.poll(() => notices(page)).toContainEqual(expect.stringContaining('The plan could not be loaded from the server'));
      expect(await page.locator('.plan-overlay').count()).toBe(0);
      expect(await page.locator('.react-flow__node').count()).toBeGreaterThan(0);
      expect(errors).toEqual([]);
      // Back in reach: trying again opens it.
      await page.unroute(PLAN_SCRIPT);
      await opensPlan(page);
    }));

  it('says so when a picture export cannot be loaded, and exports nothing', () =>
    asPerson(async (page) => {
      await page.route(PICTURES_SCRIPT, (route) => route.abort('connectionrefused'));
      const downloads: string[] = [];
      page.on('download', (download) => downloads.push(download.suggestedFilename()));
      await openMap(page);
      await page.getByRole('button', { name: 'Export', exact: true }).click();
      await page.getByRole('menuitem', { name: 'Export SVG' }).click();
      await expect.poll(() => notices(page)).toContainEqual(expect.stringContaining('The SVG export could not be loaded from the server'));
      expect(await page.getByRole('button', { name: 'Export', exact: true }).textContent()).toBe('Export');
      expect(downloads).toEqual([]);
    }));
});
