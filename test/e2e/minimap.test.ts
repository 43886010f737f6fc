import { afterEach, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import type * as Y from 'yjs';
import { loadFixture } from '../fixtures/load';
import { connect, synced } from '../server/helpers';
import { nodeBox, settle } from './canvas';
import { minimapCanvas, minimapPicture } from './minimap';
import { withAppAndBrowser } from './setup';

/** The minimap (one <canvas>, panels/Minimap.tsx): it pans and zooms the view, and follows the steps as they move. */
const env = withAppAndBrowser();
const opened: BrowserContext[] = [];
const cleanups: (() => void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  for (const context of opened.splice(0)) await context.close();
});

async function open(link: string): Promise<Page> {
  const { context, page } = await env.browser.person('Facilitator');
  opened.push(context);
  await page.goto(link);
  await page.locator('.connection.is-connected').waitFor();
  await settle(page);
  // Drawn: the fixture's four kinds show in the minimap.
  await expect.poll(async () => Object.values((await minimapPicture(page)).kinds).filter((k) => k.count > 0).length, { timeout: 10_000 }).toBe(4);
  return page;
}

/** The main view's pan and zoom, as React Flow applies it to its viewport. */
function viewport(page: Page) {
  return page.locator('.react-flow__viewport').evaluate((el) => {
    const m = new DOMMatrixReadOnly(getComputedStyle(el).transform);
    return { x: m.e, y: m.f, zoom: m.a };
  });
}

/** How far the AI step sits below the start step in the minimap, in its pixels: a measure that holds whatever the minimap's scale. */
async function aiBelowStart(page: Page): Promise<number> {
  const { kinds } = await minimapPicture(page);
  if (!kinds.ai.centre || !kinds.start.centre) return Number.NaN;
  return kinds.ai.centre.y - kinds.start.centre.y;
}

describe('the minimap', () => {
  it('pans the view when dragged in, and zooms it under the wheel', async () => {
    const created = await env.app.createMap(loadFixture('contract-review'));
    const page = await open(created.links.edit);
    const box = await minimapCanvas(page).boundingBox();
    if (!box) throw new Error('no minimap');
    const before = await viewport(page);

    // Dragging right and down in the minimap moves the view right and down over the map: the map slides left and up.
    const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x + 30, y + 20, { steps: 6 });
    await page.mouse.up();
    await expect.poll(async () => (await viewport(page)).x).toBeLessThan(before.x - 20);
    const panned = await viewport(page);
    expect(panned.y).toBeLessThan(before.y - 10);
    expect(panned.zoom).toBeCloseTo(before.zoom);

    // The wheel over the minimap zooms the view.
    await page.mouse.move(x, y);
    await page.mouse.wheel(0, 300);
    await expect.poll(async () => (await viewport(page)).zoom).toBeLessThan(panned.zoom * 0.9);
  }, 30_000);

  it('moves a step when it is dragged on the canvas, and when someone else moves it', async () => {
    const created = await env.app.createMap(loadFixture('contract-review'));
    const page = await open(created.links.edit);
    const beside = await aiBelowStart(page);
    expect(Math.abs(beside)).toBeLessThan(3); // the fixture's steps sit in one row
    const was = (await minimapPicture(page)).kinds.ai.box;

    // Drag the AI step 250 px down on the canvas.
    const step = await nodeBox(page, 'sum');
    await page.mouse.move(step.x + step.width / 2, step.y + step.height / 2);
    await page.mouse.down();
    await page.mouse.move(step.x + step.width / 2, step.y + step.height / 2 + 250, { steps: 10 });
    await page.mouse.up();
    await settle(page);
    await expect.poll(() => aiBelowStart(page)).toBeGreaterThan(15);
    // Its colour left where it was: the boxes before and after do not meet.
    const now = (await minimapPicture(page)).kinds.ai.box;
    if (!was || !now) throw new Error('the AI step is not in the minimap');
    expect(now.top).toBeGreaterThanOrEqual(was.bottom);

    // Someone else moves it above the row (still on screen, so not under the minimap's veil): the minimap follows.
    const { doc, provider } = connect(env.app.syncUrl, created.id, created.tokens.edit);
    cleanups.push(() => provider.destroy());
    await synced(provider);
    (doc.getMap('steps').get('sum') as Y.Map<unknown>).set('position', { x: 200, y: -200 });
    await expect.poll(() => aiBelowStart(page), { timeout: 10_000 }).toBeLessThan(-15);
  }, 30_000);
});
