import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import type { StallMap } from '../../src/core/model';
import { loadFixture } from '../fixtures/load';
import { settle, stepNode } from './canvas';
import { withAppAndBrowser } from './setup';

/**
 * What review mode dims and what it leaves alone: the flagged elements, the critical path and the
 * selection stand out, and pictures taken from a review link are the edit link's pictures.
 */
const env = withAppAndBrowser();
const opened: BrowserContext[] = [];

/**
 * The contract-review example with one more way from start to end, "File a copy": a step that is
 * neither flagged nor on the critical path. "Contract received" is on the path and not flagged.
 */
function mapWithASideStep(): StallMap {
  const map = loadFixture('contract-review');
  map.steps.push({ id: 'arch', kind: 'human', label: 'File a copy', owner: 'Records clerk', workMinutes: 1, position: { x: 200, y: 160 } });
  map.joins.push({ id: 'ja', from: 'in', to: 'arch', handoff: 'system' }, { id: 'jb', from: 'arch', to: 'out', handoff: 'system' });
  return map;
}

async function open(link: string): Promise<Page> {
  const { context, page } = await env.browser.person('COO');
  opened.push(context);
  await page.goto(link);
  await page.locator('.react-flow__node').first().waitFor();
  await page.locator('[data-metric="lead-time"]').waitFor();
  await settle(page);
  return page;
}

afterEach(async () => {
  for (const context of opened.splice(0)) await context.close();
});

const opacity = (page: Page, selector: string) => page.locator(selector).evaluate((el) => Number(getComputedStyle(el).opacity));
const stepOpacity = (page: Page, id: string) => opacity(page, `.react-flow__node[data-id="${id}"]`);
const joinOpacity = (page: Page, id: string) => opacity(page, `.react-flow__edge[data-id="${id}"]`);

async function exportPng(page: Page): Promise<Buffer> {
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'Export PNG' }).click()]);
  return readFileSync((await download.path()) as string);
}

/** The share of pixels at which two pictures of one size differ visibly (by more than 40 in a channel). */
async function differingShare(page: Page, a: Buffer, b: Buffer): Promise<number> {
  return page.evaluate(
    async ([first, second]) => {
      const pixels = async (base64: string) => {
        // From bytes, not a data: URL: the page's Content-Security-Policy lets it fetch none.
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const context = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
        context.drawImage(bitmap, 0, 0);
        return context.getImageData(0, 0, bitmap.width, bitmap.height);
      };
      const [x, y] = [await pixels(first), await pixels(second)];
      if (x.width !== y.width || x.height !== y.height) return 1;
      let differing = 0;
      for (let i = 0; i < x.data.length; i += 4) {
        if (Math.max(Math.abs(x.data[i] - y.data[i]), Math.abs(x.data[i + 1] - y.data[i + 1]), Math.abs(x.data[i + 2] - y.data[i + 2])) > 40) differing++;
      }
      return differing / (x.width * x.height);
    },
    [a.toString('base64'), b.toString('base64')],
  );
}

describe('review mode dims what is neither flagged, on the critical path nor selected', () => {
  it('leaves the critical path undimmed with its toggle off, and a step once it is selected', async () => {
    const created = await env.app.createMap(mapWithASideStep());
    const page = await open(created.links.review);
    expect(await page.getByLabel('critical path').isChecked()).toBe(false);
    await expect.poll(() => stepOpacity(page, 'arch')).toBe(0.25);
    await expect.poll(() => joinOpacity(page, 'ja')).toBe(0.2);
    expect(await stepOpacity(page, 'in')).toBe(1);
    expect(await stepOpacity(page, 'out')).toBe(1);
    expect(await joinOpacity(page, 'j1')).toBe(1);
    // The outline stays the toggle's: review mode alone draws none.
    expect(await stepNode(page, 'in').locator('.step').evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('none');

    await stepNode(page, 'arch').click();
    await expect.poll(() => stepNode(page, 'arch').getAttribute('class')).toContain('selected');
    await expect.poll(() => stepOpacity(page, 'arch')).toBe(1);
  }, 60_000);

  it('a PNG exported from a review link is the one an edit link exports, not faded', async () => {
    const created = await env.app.createMap(mapWithASideStep());
    const editor = await open(created.links.edit);
    const reviewer = await open(created.links.review);
    await expect.poll(() => stepOpacity(reviewer, 'arch')).toBe(0.25);
    const [fromEdit, fromReview] = [await exportPng(editor), await exportPng(reviewer)];
    expect(fromReview.readUInt32BE(16)).toBe(fromEdit.readUInt32BE(16));
    // Handles and the like may differ by a few pixels; a faded step is thousands.
    expect(await differingShare(reviewer, fromEdit, fromReview)).toBeLessThan(0.005);
    // And the page itself is dimmed again once the picture is taken.
    expect(await stepOpacity(reviewer, 'arch')).toBe(0.25);
  }, 60_000);
});
