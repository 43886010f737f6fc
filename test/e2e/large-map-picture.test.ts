import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { generateMap } from '../../bench/generate-map';
import { parseMapJson } from '../../src/core/model';
import { MAP_KEYWORD, readPngText } from '../../src/core/picture/png-text';
import { withAppAndBrowser } from './setup';

const env = withAppAndBrowser();

/**
 * A PNG of a large map on the canvas. The canvas's own picture (html-to-image copying every
 * element's styles) took 79 s for 800 steps and never came for 2,000; past a workshop's size the
 * picture module draws it instead, in seconds. The download must come, and carry the map.
 */
it('exports a PNG of an 800-step map shown on the canvas, the whole map inside it', async () => {
  const map = generateMap(800, 7);
  const created = await env.app.createMap(map);
  const { page } = await env.browser.person('Facilitator');
  await page.goto(created.links.edit);
  await page.locator('[data-metric="lead-time"]').waitFor({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 45_000 }), page.getByRole('menuitem', { name: 'Export PNG' }).click()]);
  const png = readFileSync((await download.path()) as string);
  expect([...png.subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
  const inside = parseMapJson(readPngText(new Uint8Array(png), MAP_KEYWORD) ?? '');
  expect(inside.ok && inside.map.steps.length).toBe(map.steps.length);
}, 90_000);
