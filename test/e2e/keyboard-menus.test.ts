import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { withAppAndBrowser } from './setup';

const env = withAppAndBrowser();

/** A map of one step, opened by an editor. */
async function openOneStepMap(id: string) {
  const created = await env.app.createMap({
    format: 'stallmap/map',
    version: 2,
    id,
    title: id,
    steps: [{ id: 's', kind: 'start', label: 'In', position: { x: 0, y: 0 } }],
    joins: [],
  });
  const person = await env.browser.person('Keys');
  await person.page.goto(created.links.edit);
  await person.page.locator('.connection.is-connected').waitFor();
  return person;
}

const focusedName = (page: Page) => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');

describe('the Export menu from the keyboard', () => {
  it('opens into its first item, the arrows go from item to item, and choosing one gives the focus back to Export', async () => {
    const { context, page } = await openOneStepMap('menu-keys');

    await page.getByRole('button', { name: 'Export', exact: true }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedName(page)).toBe('Export JSON');
    await page.keyboard.press('ArrowDown');
    expect(await focusedName(page)).toBe('Export PNG');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    expect(await focusedName(page)).toBe('Export findings CSV');
    await page.keyboard.press('Home');
    expect(await focusedName(page)).toBe('Export JSON');

    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(download.suggestedFilename()).toMatch(/\.stallmap\.json$/);
    await expect.poll(() => page.locator('[role="menu"]').count()).toBe(0);
    expect(await focusedName(page)).toBe('Export');
    await context.close();
  });
});

describe('the side panel’s tabs from the keyboard', () => {
  it('are one Tab stop; the arrows show the other tab, and its panel is named by it', async () => {
    const { context, page } = await openOneStepMap('side-tabs');
    const inspector = page.getByRole('tab', { name: 'Inspector' });
    const findings = page.getByRole('tab', { name: /Findings/ });

    await inspector.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => findings.getAttribute('aria-selected')).toBe('true');
    expect(await findings.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await page.getByRole('tabpanel', { name: /Findings/ }).count()).toBe(1);
    // Tab leaves the tab list for the panel: the tab not shown is not a stop of its own.
    expect(await inspector.getAttribute('tabindex')).toBe('-1');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => inspector.getAttribute('aria-selected')).toBe('true');
    expect(await page.getByRole('tabpanel', { name: 'Inspector' }).count()).toBe(1);
    await context.close();
  });
});

describe('the name a map asks for, from the keyboard', () => {
  it('gives the focus to the map’s title once the person has joined, not to the page’s body', async () => {
    const created = await env.app.createMap({ format: 'stallmap/map', version: 2, id: 'name-keys', title: 'Claims intake', steps: [], joins: [] });
    const context = await env.browser.browser.newContext({ viewport: { width: 1400, height: 900 } });
    try {
      const page = await context.newPage();
      await page.goto(created.links.edit);
      await page.getByRole('dialog', { name: 'Who are you?' }).waitFor();
      await page.keyboard.type('Dana');
      await page.keyboard.press('Enter');
      await page.getByRole('dialog', { name: 'Who are you?' }).waitFor({ state: 'detached' });
      await expect.poll(() => page.evaluate(() => `${document.activeElement?.tagName} ${document.activeElement?.textContent}`)).toBe('H1 Claims intake');
    } finally {
      await context.close();
    }
  });
});
