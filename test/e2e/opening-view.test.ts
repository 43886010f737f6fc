import { afterEach, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { findTemplate } from '../../src/core/templates';
import { settle } from './canvas';
import { minimapCanvas, minimapPicture } from './minimap';
import { withAppAndBrowser } from './setup';

/**
 * The first view of a map is the product's first impression: the invoice template is one line of
 * nine steps, about 3,400 px long, and fitted whole into a laptop's window every step's text was
 * 4-5 px, a row of tiny boxes. A map of workshop size opens where its text can be read, at the
 * step that starts the work, the rest one pan away; "Fit view" still shows the whole map.
 */
const env = withAppAndBrowser();
const opened: BrowserContext[] = [];
const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
/** The smallest text a person reads without leaning in, in screen pixels. */
const READABLE_PX = 10;
const invoice = findTemplate('invoice-processing')?.map;
const TRIGGER = 'recv';

afterEach(async () => {
  for (const context of opened.splice(0)) await context.close();
});

async function person(viewport: { width: number; height: number }, phone = false): Promise<Page> {
  const context = await env.browser.browser.newContext({ viewport, ...(phone ? { hasTouch: true, isMobile: true } : {}) });
  opened.push(context);
  await context.addInitScript(() => {
    if (!localStorage.getItem('stallmap:name')) localStorage.setItem('stallmap:name', 'Noor');
  });
  return context.newPage();
}

/** The canvas, or one pane of the compare view: `[data-compare-state="now"]`. */
const CANVAS = '.canvas';

/** The screen size of a step's label as drawn now (its font size times the canvas's zoom); 0 when it is drawn as a box, without text. */
const labelPx = (page: Page, id: string, within = CANVAS) =>
  page.evaluate(
    ({ stepId, scope }) => {
      const label = document.querySelector(`${scope} .react-flow__node[data-id="${stepId}"] .step-label`);
      const viewport = document.querySelector(`${scope} .react-flow__viewport`);
      if (!label || !viewport) return 0;
      return Number.parseFloat(getComputedStyle(label).fontSize) * new DOMMatrixReadOnly(getComputedStyle(viewport).transform).a;
    },
    { stepId: id, scope: within },
  );

/** The ids of the steps a person sees whole inside the canvas (drawn with their text, or as boxes from afar). */
const stepsOnCanvas = (page: Page, within = CANVAS) =>
  page.evaluate((scope) => {
    const canvas = document.querySelector(`${scope} .react-flow`)?.getBoundingClientRect();
    if (!canvas) return [];
    return [...document.querySelectorAll<HTMLElement | SVGElement>(`${scope} [data-step-id], ${scope} .react-flow__node[data-id]`)]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.left >= canvas.left - 0.5 && r.right <= canvas.right + 0.5 && r.top >= canvas.top - 0.5 && r.bottom <= canvas.bottom + 0.5;
      })
      .map((el) => el.dataset.stepId ?? el.dataset.id ?? '')
      .filter((id, i, ids) => ids.indexOf(id) === i)
      .sort();
  }, within);

const everyStep = () => (invoice?.steps ?? []).map((s) => s.id).sort();

describe('the first view of a map of workshop size', () => {
  it('opens a new map from the invoice template with its text readable, the trigger on screen, and "Fit view" shows every step', async () => {
    const page = await person(LAPTOP);
    await page.goto(env.app.url);
    await page.locator('[data-template="invoice-processing"]').click();
    await page.waitForURL(/\/m\/[A-Za-z0-9_-]+#token=/);
    await page.locator('.connection.is-connected').waitFor();

    await expect.poll(() => labelPx(page, TRIGGER)).toBeGreaterThanOrEqual(READABLE_PX);
    await expect.poll(() => stepsOnCanvas(page)).toContain(TRIGGER);
    // The minimap frames the whole line and shows where the view is: the part on screen, its left
    // end, clear, the rest (the end step among it) under its veil.
    await settle(page);
    const minimapWidth = (await minimapCanvas(page).boundingBox())?.width ?? 0;
    await expect.poll(async () => (await minimapPicture(page)).kinds.start.centre?.x ?? minimapWidth).toBeLessThan(minimapWidth / 4);
    expect((await minimapPicture(page)).kinds.end.count).toBe(0);

    await page.getByRole('button', { name: 'Fit view' }).click();
    await expect.poll(() => stepsOnCanvas(page)).toEqual(everyStep());
    await expect.poll(async () => (await minimapPicture(page)).kinds.end.count).toBeGreaterThan(0);
  });

  it('opens the review link on a phone with the text readable and the trigger on screen, for a leader to read', async () => {
    const created = await env.app.createMap({ template: 'invoice-processing' });
    const page = await person(PHONE, true);
    await page.goto(created.links.review);
    await page.locator('.connection.is-connected').waitFor();
    await expect.poll(() => labelPx(page, TRIGGER)).toBeGreaterThanOrEqual(READABLE_PX);
    await expect.poll(() => stepsOnCanvas(page)).toContain(TRIGGER);
  });

  it('shows a map imported into an open one from its trigger, its text readable', async () => {
    const created = await env.app.createMap({ template: 'contract-review' });
    const page = await person(LAPTOP);
    await page.goto(created.links.edit);
    await page.locator('.connection.is-connected').waitFor();
    await page.locator('.react-flow__node').first().waitFor();
    const file = { name: 'invoice.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(invoice)) };
    await page.locator('[data-testid="import-file"]').setInputFiles(file);
    await page.getByRole('button', { name: /Replace this map for everyone/ }).click();
    await expect.poll(() => labelPx(page, TRIGGER)).toBeGreaterThanOrEqual(READABLE_PX);
    await expect.poll(() => stepsOnCanvas(page)).toContain(TRIGGER);
  });

  it('opens the compare view with both states readable, from the trigger', async () => {
    const created = await env.app.createMap({ ...invoice, redesign: { steps: invoice?.steps, joins: invoice?.joins } });
    const page = await person(LAPTOP);
    await page.goto(`${created.links.edit}&view=compare`);
    await page.locator('.connection.is-connected').waitFor();
    for (const state of ['now', 'redesign']) {
      const pane = `[data-compare-state="${state}"]`;
      await expect.poll(() => labelPx(page, TRIGGER, pane)).toBeGreaterThanOrEqual(READABLE_PX);
      await expect.poll(() => stepsOnCanvas(page, pane)).toContain(TRIGGER);
    }
  });
});
