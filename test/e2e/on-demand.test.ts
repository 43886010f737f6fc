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

async function openMap(page: Page) {
  const created = await env.app.createMap(loadFixture('contract-review'));
  await page.goto(created.links.edit);
  await page.locator('[data-metric="lead-time"]').waitFor();
}

describe('parts of the editor loaded on demand', () => {
  it('fetches the plan once the map is open and the page idle, and opens it from there', async () => {
    const { page, context } = await env.browser.person('Facilitator');
    try {
      await openMap(page);
      await expect.poll(() => scriptsFetched(page)).toContainEqual(expect.stringMatching(/^PlanView-.*\.js$/));
      await page.getByRole('button', { name: 'Plan', exact: true }).click();
      await expect.poll(() => page.locator('.plan-document h1').textContent()).toContain('Redesign plan');
    } finally {
      await context.close();
    }
  });

  it('says so when the plan cannot be loaded, keeps the map as it was, and loads it when tried again', async () => {
    const { page, context } = await env.browser.person('Facilitator');
    try {
      // The server out of reach for the plan's script alone: before the page fetched it, and after.
      await page.route(/\/assets\/PlanView-[^/]*\.js$/, (route) => route.abort('connectionrefused'));
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await openMap(page);
      await page.getByRole('button', { name: 'Plan', exact: true }).click();
      await expect.poll(() => page.getByRole('alert').allTextContents()).toContainEqual(expect.stringContaining('The plan could not be loaded from the server'));
      expect(await page.locator('.plan-overlay').count()).toBe(0);
      expect(await page.locator('.react-flow__node').count()).toBeGreaterThan(0);
      expect(errors).toEqual([]);
      // Back in reach: trying again opens it.
      await page.unroute(/\/assets\/PlanView-[^/]*\.js$/);
      await page.getByRole('button', { name: 'Plan', exact: true }).click();
      await expect.poll(() => page.locator('.plan-document h1').textContent()).toContain('Redesign plan');
    } finally {
      await context.close();
    }
  });

  it('says so when a picture export cannot be loaded, and exports nothing', async () => {
    const { page, context } = await env.browser.person('Facilitator');
    try {
      await page.route(/\/assets\/statePicture-[^/]*\.js$/, (route) => route.abort('connectionrefused'));
      const downloads: string[] = [];
      page.on('download', (download) => downloads.push(download.suggestedFilename()));
      await openMap(page);
      await page.getByRole('button', { name: 'Export', exact: true }).click();
      await page.getByRole('menuitem', { name: 'Export SVG' }).click();
      await expect.poll(() => page.getByRole('alert').allTextContents()).toContainEqual(expect.stringContaining('The SVG export could not be loaded from the server'));
      expect(await page.getByRole('button', { name: 'Export', exact: true }).textContent()).toBe('Export');
      expect(downloads).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
