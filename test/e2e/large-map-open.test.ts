import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { generateMap } from '../../bench/generate-map';
import type { StallMap, Step } from '../../src/core/model';
import { withAppAndBrowser } from './setup';

const env = withAppAndBrowser();

/**
 * A straight line of `count` steps, one row, 240 px apart: at fit view only the middle of it is on
 * screen (React Flow's least zoom), so most steps are off screen when the map opens. Every step has
 * an owner but one, `s10`, far to the left, whose label takes three lines.
 */
function longLine(count: number): StallMap {
  const steps: Step[] = Array.from({ length: count }, (_, i) => {
    const kind = i === 0 ? 'start' : i === count - 1 ? 'end' : 'human';
    const step: Step = { id: `s${i}`, kind, label: `Step ${i}`, position: { x: i * 240, y: 0 } };
    if (kind === 'human' && i !== 10) step.owner = 'Ops lead';
    return step;
  });
  steps[10].label = 'Re-key the signed order into the ERP by hand, then file the paper copy';
  const joins = steps.slice(1).map((step, i) => ({ id: `j${i}`, from: steps[i].id, to: step.id, handoff: 'system' as const }));
  return { format: 'stallmap/map', version: 2, id: `line-${count}`, title: `A line of ${count} steps`, steps, joins, waivers: [], comments: [] };
}

/** Records, from the first moment, every step the page ever puts in the document. */
const MOUNT_RECORDER = `
  window.mountedSteps = new Set();
  new MutationObserver((records) => {
    for (const record of records)
      for (const added of record.addedNodes) {
        if (!(added instanceof Element)) continue;
        const nodes = added.matches('.react-flow__node') ? [added] : added.querySelectorAll('.react-flow__node');
        for (const node of nodes) window.mountedSteps.add(node.getAttribute('data-id'));
      }
  }).observe(document, { childList: true, subtree: true });
`;

async function open(map: StallMap): Promise<Page> {
  const created = await env.app.createMap(map);
  const { page } = await env.browser.person('Noor');
  await page.addInitScript({ content: MOUNT_RECORDER });
  await page.goto(created.links.edit);
  await page.locator('.connection.is-connected').waitFor({ timeout: 30_000 });
  await page.locator('[data-metric="lead-time"]').waitFor({ timeout: 30_000 });
  return page;
}

/**
 * Steps in the page (drawn whole by React Flow, or as boxes from afar), how many of them a person
 * sees inside the canvas, and how many are drawn whole.
 */
const stepsInPage = (page: Page) =>
  page.evaluate(() => {
    const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
    const nodes = [...document.querySelectorAll('.react-flow__node, .far-step')];
    const onScreen = nodes.filter((el) => {
      const r = el.getBoundingClientRect();
      return pane && r.right > pane.left && r.left < pane.right && r.bottom > pane.top && r.top < pane.bottom;
    });
    return { inPage: nodes.length, onScreen: onScreen.length, whole: document.querySelectorAll('.react-flow__node').length };
  });

describe('opening a large map', () => {
  it('draws only the steps near the view, never the whole map; a step brought into view is whole and its joins end at its sides', async () => {
    const page = await open(longLine(600));
    // Opened at fit view: the middle of the line fills the canvas, the rest is off screen.
    await expect.poll(async () => (await stepsInPage(page)).onScreen, { timeout: 20_000 }).toBeGreaterThan(50);
    // Zoomed this far out they are boxes, drawn near the view only (a screen's width either side), never the whole line.
    const { inPage, whole } = await stepsInPage(page);
    expect(inPage).toBeLessThan(450);
    expect(whole).toBe(0);
    // Not one step was drawn whole to be measured while the map opened.
    const mounted = (await page.evaluate('window.mountedSteps.size')) as number;
    expect(mounted).toBeLessThan(300);
    expect(await page.locator('.react-flow__node[data-id="s10"]').count()).toBe(0);

    // Going to the finding on s10 (no owner) brings it into view: drawn whole, its long label and all.
    await page.getByRole('tab', { name: /Findings/ }).click();
    await page.locator('.finding[data-rule="no-accountable-owner"][data-target="s10"] .finding-open').click();
    const step = page.locator('.react-flow__node[data-id="s10"]');
    await expect.poll(() => step.locator('.step-label').textContent(), { timeout: 10_000 }).toBe('Re-key the signed order into the ERP by hand, then file the paper copy');
    // The joins into and out of it end at the middle of its sides, as measured on the page.
    await expect
      .poll(
        () =>
          page.evaluate(() => {
            const box = document.querySelector('.react-flow__node[data-id="s10"]')?.getBoundingClientRect();
            const end = (id: string, at: 'start' | 'end') => {
              const path = document.querySelector<SVGPathElement>(`.react-flow__edge[data-id="${id}"] path.join-line`);
              const matrix = path?.getScreenCTM();
              if (!path || !matrix) return null;
              const point = path.getPointAtLength(at === 'start' ? 0 : path.getTotalLength()).matrixTransform(matrix);
              return { x: point.x, y: point.y };
            };
            if (!box) return null;
            const into = end('j9', 'end');
            const out = end('j10', 'start');
            const middle = box.top + box.height / 2;
            if (!into || !out) return null;
            // At the height of the side's middle; along it, short of the side by the handle's size
            // (and, for the join in, by its arrowhead, drawn on its own).
            return Math.abs(into.x - box.left) < 24 && Math.abs(into.y - middle) < 3 && Math.abs(out.x - box.right) < 12 && Math.abs(out.y - middle) < 3;
          }),
        { timeout: 10_000 },
      )
      .toBe(true);
  }, 90_000);

  it('says nothing about the map in the summary until it has loaded: never "lead time 0m" or "draw a Start" for a map with steps', async () => {
    const map = generateMap(300, 5);
    map.steps.forEach((step, i) => {
      step.position = { x: (i % 15) * 260, y: Math.floor(i / 15) * 180 };
    });
    const created = await env.app.createMap(map);
    const { page } = await env.browser.person('Ravi');
    // Every text the summary line ever shows, from the first moment.
    await page.addInitScript({
      content: `
        window.summaries = [];
        new MutationObserver(() => {
          const text = document.querySelector('.summary')?.textContent ?? '';
          if (text && window.summaries[window.summaries.length - 1] !== text) window.summaries.push(text);
        }).observe(document, { childList: true, subtree: true, characterData: true });
      `,
    });
    await page.goto(created.links.edit);
    await page.locator('[data-metric="open-errors"]').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.locator('[data-metric="lead-time"]').textContent()).not.toBe('0m');
    const seen = (await page.evaluate('window.summaries')) as string[];
    expect(seen.length).toBeGreaterThan(0);
    for (const text of seen) expect(text).not.toMatch(/Draw a Start|Lead time\s*0m/);
  }, 60_000);

  it('opens a map the server sends in parts at the view of the whole map, not of its first part', async () => {
    // About 800 kB: the server sends it in a dozen parts, each applied by the page as it comes.
    const page = await open(generateMap(3000, 3));
    const view = () =>
      page.locator('.react-flow__viewport').evaluate((el) => {
        const [x, y, zoom] = ((el as HTMLElement).style.transform.match(/-?[\d.]+/g) ?? []).map(Number);
        return { x, y, zoom };
      });
    const opened = await view();
    // "Fit view" fits the whole map: the view it opened at was already that (but for the few
    // pixels steps measured in the page differ from the sizes the opening fitted them at).
    await page.getByRole('button', { name: 'Fit view' }).click();
    await page.waitForTimeout(600);
    const whole = await view();
    expect(opened.zoom).toBeCloseTo(whole.zoom, 4);
    expect(Math.abs(opened.x - whole.x) + Math.abs(opened.y - whole.y)).toBeLessThan(8);
  }, 60_000);

  it('keeps every step of a map under 200 steps in the page, on screen or not, where the keyboard reaches it', async () => {
    const page = await open(longLine(150));
    await expect.poll(async () => (await stepsInPage(page)).inPage, { timeout: 20_000 }).toBe(150);
    const { onScreen } = await stepsInPage(page);
    expect(onScreen).toBeLessThan(150);
  }, 60_000);
});
