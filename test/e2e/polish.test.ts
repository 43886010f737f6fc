import { afterEach, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { generateMap } from '../../bench/generate-map';
import { loadFixture } from '../fixtures/load';
import { stepNode } from './canvas';
import { minimapPicture } from './minimap';
import { withAppAndBrowser } from './setup';

/** The workshop polish list (issue 13, problems 6 and 11): what a facilitator trips over in the room. */
const env = withAppAndBrowser();
const opened: BrowserContext[] = [];

async function open(link: string, name = 'Facilitator', viewport?: { width: number; height: number }): Promise<Page> {
  const { context, page } = await env.browser.person(name);
  opened.push(context);
  if (viewport) await page.setViewportSize(viewport);
  await page.goto(link);
  await page.locator('.react-flow__pane').waitFor();
  await page.locator('.connection.is-connected').waitFor();
  return page;
}

afterEach(async () => {
  for (const context of opened.splice(0)) await context.close();
});

describe('review mode', () => {
  it('takes N right after its checkbox is ticked', async () => {
    const created = await env.app.createMap(loadFixture('contract-review'));
    const page = await open(created.links.edit);
    await page.getByLabel('Review mode').check();
    await expect.poll(() => page.locator('.review-position').textContent()).toMatch(/press N/);
    await page.keyboard.press('n');
    await expect.poll(() => page.locator('.review-position').textContent()).toMatch(/^1 of \d+: /);
  }, 60_000);
});

describe('the polish list', () => {
  it('read-only fields on a review link look read-only, not like fields to type in', async () => {
    const created = await env.app.createMap(loadFixture('contract-review'));
    const looks = async (page: Page) => {
      await stepNode(page, 'sum').click();
      await page.getByRole('tab', { name: 'Inspector' }).click();
      const field = page.locator('.inspector input[name="owner"]');
      await field.waitFor();
      return field.evaluate((el) => {
        const style = getComputedStyle(el);
        return { border: style.borderTopColor, background: style.backgroundColor, readOnly: (el as HTMLInputElement).readOnly };
      });
    };
    const editable = await looks(await open(created.links.edit));
    const readOnly = await looks(await open(created.links.review, 'COO'));
    expect(editable.readOnly).toBe(false);
    expect(readOnly.readOnly).toBe(true);
    expect(readOnly.border).not.toBe(editable.border);
    expect(readOnly.background).not.toBe(editable.background);
  }, 60_000);

  it('a bad link says what went wrong and offers a way home', async () => {
    const { context, page } = await env.browser.person('Lost');
    opened.push(context);
    await page.goto(`${env.app.url}/m/no-such-map#token=not-a-real-token`);
    const problem = page.locator('.page-problem');
    await problem.waitFor();
    expect(await problem.getByRole('heading').count()).toBe(1);
    const home = problem.getByRole('link', { name: /maps|home/i });
    expect(await home.getAttribute('href')).toBe('/');
    await home.click();
    await page.getByRole('button', { name: /Empty map/ }).waitFor();
  }, 60_000);

  it('an empty map gives a first-visit hint and claims no stall until it has a start and an end', async () => {
    const created = await env.app.createMap({});
    const page = await open(created.links.edit);
    await expect.poll(() => page.locator('.empty-map-hint').textContent()).toMatch(/start/i);
    // The map's one finding (no start, no end) is listed from the start: the hint must not promise none.
    expect(await page.locator('.empty-map-hint').textContent()).not.toMatch(/findings appear once/i);
    const summary = (await page.locator('.summary').textContent()) ?? '';
    expect(summary).not.toMatch(/stall|blocker/i);
    expect(await page.locator('.summary-hint').textContent()).toMatch(/start.*end/i);
  }, 60_000);

  it('counts changes, not keystrokes, while offline: one step typed into is one change', async () => {
    const created = await env.app.createMap(loadFixture('contract-review'));
    const { context, page } = await env.browser.person('Offline');
    opened.push(context);
    await page.goto(created.links.edit);
    await page.locator('.connection.is-connected').waitFor();
    await context.setOffline(true);
    await expect.poll(() => page.locator('.connection').getAttribute('data-status')).not.toBe('connected');
    await stepNode(page, 'sum').click();
    await page.getByRole('tab', { name: 'Inspector' }).click();
    const label = page.locator('.inspector input[name="label"]');
    await label.fill('');
    await label.pressSequentially('Summarise the contract for legal');
    await expect.poll(() => page.locator('.inspector input[name="label"]').inputValue()).toBe('Summarise the contract for legal');
    await expect.poll(() => page.locator('.connection').textContent()).toMatch(/· 1 unsynced change$/);
    await context.setOffline(false);
  }, 60_000);

  it('at 1024 px the toolbar keeps one row, the minimap stays small and the triage is not cut', async () => {
    const created = await env.app.createMap(loadFixture('contract-review'));
    const page = await open(created.links.edit, 'Facilitator', { width: 1024, height: 768 });
    const toolbar = await page.locator('.toolbar').evaluate((el) => {
      // Controls of different heights are centred on one row: a second row shows as a centre 10 px or more apart.
      const centres = [...el.children].map((c) => c.getBoundingClientRect()).filter((r) => r.height > 0).map((r) => r.top + r.height / 2);
      return { rows: Math.max(...centres) - Math.min(...centres) < 10 ? 1 : 2, overflow: el.scrollWidth - el.clientWidth };
    });
    expect(toolbar).toEqual({ rows: 1, overflow: 0 });
    const [minimap, canvas] = [await page.locator('.react-flow__minimap').boundingBox(), await page.locator('.canvas').boundingBox()];
    if (!minimap || !canvas) throw new Error('no minimap or canvas');
    expect(minimap.width).toBeLessThan(canvas.width / 4);
    expect(minimap.width * minimap.height).toBeLessThan((canvas.width * canvas.height) / 12);
    const triage = await page.locator('.summary-triage').evaluate((el) => ({ cut: el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1, right: el.getBoundingClientRect().right }));
    expect(triage.cut).toBe(false);
    expect(triage.right).toBeLessThanOrEqual(1024);
  }, 60_000);

  it('the minimap draws each kind in its own colour', async () => {
    const created = await env.app.createMap(loadFixture('contract-review'));
    const page = await open(created.links.edit);
    // Read back from the minimap's canvas: each of the fixture's four kinds in its own CSS colour.
    const shown = async () => {
      const { kinds } = await minimapPicture(page);
      return Object.entries(kinds).filter(([, k]) => k.count >= 4).map(([kind]) => kind).sort();
    };
    await expect.poll(shown, { timeout: 10_000 }).toEqual(['ai', 'end', 'start', 'verification']);
    const picture = await minimapPicture(page);
    expect(new Set(['ai', 'end', 'start', 'verification'].map((kind) => picture.kinds[kind].colour)).size).toBe(4);
    expect(picture.grey).toBe(0); // React Flow's grey
    expect(await page.getByRole('img', { name: 'Minimap of the map' }).count()).toBe(1);
  }, 60_000);

  it('the Program dialog shows what is typed in its fields in the normal weight, not their labels\' bold', async () => {
    const created = await env.app.createMap(loadFixture('contract-review'));
    const page = await open(created.links.edit);
    await page.getByRole('button', { name: 'Program', exact: true }).click();
    const weights = await page.locator('.program-panel input').evaluateAll((inputs) => inputs.map((input) => getComputedStyle(input).fontWeight));
    expect(weights.length).toBeGreaterThan(0);
    expect(new Set(weights)).toEqual(new Set(['400']));
  }, 60_000);

  it('has one "Fit view" button', async () => {
    const created = await env.app.createMap(loadFixture('contract-review'));
    const page = await open(created.links.edit);
    expect(await page.getByRole('button', { name: /fit view/i }).count()).toBe(1);
  }, 60_000);
});

describe('the page keeps to its own Content-Security-Policy', () => {
  it('opening a large map, analysed in a worker, and laying it out break none of it', async () => {
    const created = await env.app.createMap(generateMap(320, 11));
    const { context, page } = await env.browser.person('Facilitator');
    opened.push(context);
    // Zod tried `new Function` (refused by the policy, which allows no eval) as it built its first schema: a violation on every load.
    await page.addInitScript({ content: "window.violations = []; document.addEventListener('securitypolicyviolation', (e) => window.violations.push(e.violatedDirective + ' ' + e.blockedURI));" });
    await page.goto(created.links.edit);
    await page.locator('[data-metric="lead-time"]').waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: /auto-layout/i }).click();
    // Back from "Arranging…": the layout worker has answered and its positions are applied.
    await expect.poll(() => page.locator('button', { hasText: /^Auto-layout$/ }).count(), { timeout: 30_000 }).toBe(1);
    expect(await page.evaluate('window.violations')).toEqual([]);
  }, 90_000);
});
