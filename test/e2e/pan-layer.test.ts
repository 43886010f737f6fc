import { afterEach, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { loadFixture } from '../fixtures/load';
import { settle } from './canvas';
import { withAppAndBrowser } from './setup';

/**
 * While the view moves, the map is one layer the browser moves without drawing it again
 * (src/canvas/useLayerWhileMoving.ts); once the move ends it is drawn afresh, or text stays as
 * blurred as the layer's scale left it after a zoom.
 */
const env = withAppAndBrowser();
const opened: BrowserContext[] = [];

afterEach(async () => {
  for (const context of opened.splice(0)) await context.close();
});

const layerHint = (page: Page) => page.locator('.react-flow__viewport').evaluate((el) => getComputedStyle(el).willChange);

/** An empty point of the canvas, where a drag pans. */
async function emptyPoint(page: Page): Promise<{ x: number; y: number }> {
  const point = await page.evaluate(() => {
    const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
    if (!pane) return null;
    for (let y = pane.top + 40; y < pane.bottom - 40; y += 20)
      for (let x = pane.left + 40; x < pane.right - 40; x += 20) if (document.elementFromPoint(x, y)?.classList.contains('react-flow__pane')) return { x, y };
    return null;
  });
  if (!point) throw new Error('no empty point on the canvas');
  return point;
}

describe('moving the view', () => {
  it('moves the map as one layer during a pan or a zoom, and draws it afresh once the move ends', async () => {
    const created = await env.app.createMap(loadFixture('contract-review'));
    const { context, page } = await env.browser.person('Facilitator');
    opened.push(context);
    await page.goto(created.links.edit);
    await page.locator('.connection.is-connected').waitFor();
    await settle(page);
    expect(await layerHint(page)).toBe('auto');

    const from = await emptyPoint(page);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(from.x - 40, from.y - 30, { steps: 5 });
    expect(await layerHint(page)).toBe('transform');
    await page.mouse.up();
    await expect.poll(() => layerHint(page)).toBe('auto');

    // A zoom by the wheel ends without a button let go: d3-zoom ends it a moment after the last turn.
    const zoomOf = () => page.locator('.react-flow__viewport').evaluate((el) => new DOMMatrixReadOnly(getComputedStyle(el).transform).a);
    const zoom = await zoomOf();
    await page.mouse.move(from.x, from.y);
    await page.mouse.wheel(0, -300);
    await expect.poll(zoomOf).toBeGreaterThan(zoom);
    await expect.poll(() => layerHint(page)).toBe('auto');
  });
});
