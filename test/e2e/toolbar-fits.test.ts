import { afterEach, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { CURRENT_VERSION, type StallMap } from '../../src/core/model';
import { loadFixture } from '../fixtures/load';
import { withAppAndBrowser } from './setup';

/**
 * The top bar at the commonest laptop widths, a wide screen and a phone: whatever gives way, the
 * map's title (whole, or a readable part of it with the whole in its tooltip) and the connection
 * status stay readable, and no control runs past the window or cuts its own words.
 */
const env = withAppAndBrowser();
const opened: BrowserContext[] = [];

afterEach(async () => {
  for (const context of opened.splice(0)) await context.close();
});

const WIDTHS = [1280, 1366, 1440, 1920, 390];
const LONG_TITLE = 'Contract review with AI summaries for the legal, procurement and finance teams across every region we sell in';
/** A part of a long title worth reading: about 20 letters. */
const READABLE_PART = 150;

/** The contract-review example (its title, 33 letters, was cut to "Con…" at 1366 px) with a redesign, so the redesign view has its own button too. */
function withRedesign(title?: string): StallMap {
  const map = loadFixture('contract-review');
  map.version = CURRENT_VERSION as StallMap['version'];
  if (title) map.title = title;
  map.redesign = { steps: structuredClone(map.steps), joins: structuredClone(map.joins) };
  return map;
}

interface Fit {
  title: { full: number; shown: number; tooltip: string | null; inside: boolean };
  connection: { cut: boolean; inside: boolean; text: string };
  /** Controls outside the window, or whose own words are cut. */
  faults: string[];
  rows: number;
}

const measure = (page: Page): Promise<Fit> =>
  page.locator('.toolbar').evaluate((bar) => {
    const inside = (el: Element) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.left >= -0.5 && r.right <= innerWidth + 0.5;
    };
    const title = bar.querySelector('.map-title') as HTMLElement;
    const connection = bar.querySelector('.connection') as HTMLElement;
    const controls = [...bar.querySelectorAll('a, button, .connection')] as HTMLElement[];
    const faults = controls.filter((el) => !inside(el) || el.scrollWidth > el.clientWidth + 1).map((el) => el.getAttribute('aria-label') ?? el.textContent ?? el.tagName);
    if (bar.scrollWidth > bar.clientWidth) faults.push(`the bar scrolls by ${bar.scrollWidth - bar.clientWidth} px`);
    // Controls of different heights are centred on one row: a second row shows as a centre 10 px or more apart.
    const centres = controls.map((c) => c.getBoundingClientRect()).filter((r) => r.height > 0).map((r) => r.top + r.height / 2);
    return {
      title: { full: title.scrollWidth, shown: title.clientWidth, tooltip: title.getAttribute('title'), inside: inside(title) },
      connection: { cut: connection.scrollWidth > connection.clientWidth + 1, inside: inside(connection), text: connection.textContent ?? '' },
      faults,
      rows: Math.max(...centres) - Math.min(...centres) < 10 ? 1 : 2,
    };
  });

async function open(link: string): Promise<Page> {
  const { context, page } = await env.browser.person('Facilitator');
  opened.push(context);
  await page.goto(link);
  await page.locator('.react-flow__pane').waitFor();
  await page.locator('.connection.is-connected').waitFor();
  return page;
}

describe('the toolbar fits the window', () => {
  for (const [name, title] of [
    ['the example title', undefined],
    ['a short title', 'Pilot'],
    ['a long title', LONG_TITLE],
  ] as const) {
    it(`keeps ${name} and the connection status readable, through each link, in each view, at each width`, async () => {
      const map = withRedesign(title);
      const created = await env.app.createMap(map);
      const seen: string[] = [];
      for (const role of ['edit', 'review', 'view'] as const) {
        const page = await open(created.links[role]);
        for (const view of ['now', 'redesign', 'compare'] as const) {
          await page.locator(`.view-toggle button[data-view="${view}"]`).click();
          await expect.poll(() => page.locator(`.view-toggle button[data-view="${view}"]`).getAttribute('aria-pressed')).toBe('true');
          for (const width of WIDTHS) {
            await page.setViewportSize({ width, height: 800 });
            const fit = await measure(page);
            const where = `${role} link, ${view}, ${width} px`;
            // Whole where it fits: the example's title at every laptop width; else a readable part, the whole in its tooltip.
            const whole = title !== LONG_TITLE && width >= 1280;
            if (whole ? fit.title.shown < fit.title.full : fit.title.shown < Math.min(fit.title.full, READABLE_PART)) seen.push(`${where}: the title shows ${fit.title.shown} of ${fit.title.full} px`);
            if (fit.title.tooltip !== map.title) seen.push(`${where}: the title's tooltip is ${fit.title.tooltip}`);
            if (!fit.title.inside) seen.push(`${where}: the title is outside the window`);
            if (fit.connection.cut || !fit.connection.inside || fit.connection.text !== 'Connected') seen.push(`${where}: the connection status is cut or outside the window`);
            if (fit.faults.length) seen.push(`${where}: ${fit.faults.join(', ')} outside the window or cut`);
            // One row wherever a laptop's width holds it; a phone's wraps rather than hide anything.
            if (width >= 1280 && fit.rows !== 1) seen.push(`${where}: the toolbar takes ${fit.rows} rows`);
          }
        }
      }
      expect(seen).toEqual([]);
    }, 120_000);
  }

  it('a button shown as an icon keeps its name, as the keyboard and a screen reader know it', async () => {
    const created = await env.app.createMap(withRedesign());
    const page = await open(created.links.edit);
    await page.setViewportSize({ width: 1366, height: 800 });
    for (const name of ['Undo', 'Redo', 'Auto-layout', 'Fit view', 'Share', 'Program', 'Scorecard', 'Plan', 'Export', 'Import']) {
      const button = page.getByRole('button', { name, exact: true });
      expect(await button.isVisible(), name).toBe(true);
      // A mouse user reads what an icon does in its tooltip.
      expect(await button.getAttribute('title'), name).toBeTruthy();
    }
  }, 60_000);
});
