import { afterEach, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { client } from '../../bench/sync-clients';
import { stepsOf } from '../../src/collab/doc';
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

/** Every value the viewport's `will-change` takes, frame by frame, from now on (read with `hintsSeen`). */
const watchHints = (page: Page) =>
  page.evaluate(() => {
    const seen = new Set<string>();
    (window as unknown as { hintsSeen: Set<string> }).hintsSeen = seen;
    const viewport = document.querySelector('.react-flow__viewport');
    const frame = () => {
      if (viewport) seen.add(getComputedStyle(viewport).willChange);
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
const hintsSeen = (page: Page) => page.evaluate(() => [...(window as unknown as { hintsSeen: Set<string> }).hintsSeen]);
const viewTransform = (page: Page) => page.locator('.react-flow__viewport').evaluate((el) => getComputedStyle(el).transform);

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

/** The example map in an editor, drawn and connected. */
async function openExample() {
  const created = await env.app.createMap(loadFixture('contract-review'));
  const { context, page } = await env.browser.person('Facilitator');
  opened.push(context);
  await page.goto(created.links.edit);
  await page.locator('.connection.is-connected').waitFor();
  await settle(page);
  return { created, page };
}

describe('moving the view', () => {
  it('moves the map as one layer during a pan or a zoom, and draws it afresh once the move ends', async () => {
    const { page } = await openExample();
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

  it('leaves the map as it is for the view’s own animations, and drops the layer when the map changes under a move', async () => {
    const { created, page } = await openExample();

    // Away from fit view, then back by the toolbar's button: an animation of the view's own.
    const from = await emptyPoint(page);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(from.x - 120, from.y - 90, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => layerHint(page)).toBe('auto');
    const panned = await viewTransform(page);
    await watchHints(page);
    await page.getByRole('button', { name: 'Fit view' }).click();
    await expect.poll(() => viewTransform(page)).not.toBe(panned);
    await page.waitForTimeout(500); // the fit animates for 300 ms
    expect(await hintsSeen(page)).toEqual(['auto']);

    // Someone else renames a step while this person pans: the map is drawn afresh, not as a layer.
    const other = client(env.app.syncUrl, created.id, created.tokens.edit);
    await other.synced;
    try {
      const start = await emptyPoint(page);
      await page.mouse.move(start.x, start.y);
      await page.mouse.down();
      await page.mouse.move(start.x - 40, start.y - 30, { steps: 5 });
      expect(await layerHint(page)).toBe('transform');
      stepsOf(other.doc).get('sum')?.set('label', 'Renamed while the view moves');
      await expect.poll(() => page.locator('.react-flow__node[data-id="sum"]').textContent()).toContain('Renamed while the view moves');
      expect(await layerHint(page)).toBe('auto');
      await page.mouse.move(start.x - 80, start.y - 60, { steps: 5 });
      expect(await layerHint(page)).toBe('auto');
      await page.mouse.up();
    } finally {
      other.close();
    }
  });
});
