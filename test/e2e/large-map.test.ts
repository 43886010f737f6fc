import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { generateMap } from '../../bench/generate-map';
import { distanceToRoute, routeJoin } from '../../src/core/layout/join-route';
import { withAppAndBrowser } from './setup';

const env = withAppAndBrowser();

/** Steps whose boxes are at least partly inside the canvas, as a person sees them. */
const stepsOnScreen = (page: Page) =>
  page.evaluate(() => {
    const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
    if (!pane) return 0;
    // A step React Flow draws, or a box drawn from afar.
    return [...document.querySelectorAll('.react-flow__node, .far-step')].filter((el) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.right > pane.left && r.left < pane.right && r.bottom > pane.top && r.top < pane.bottom;
    }).length;
  });

/** The canvas's zoom, from React Flow's viewport transform. */
const zoom = (page: Page) =>
  page.evaluate(() => {
    const transform = document.querySelector<HTMLElement>('.react-flow__viewport')?.style.transform ?? '';
    return Number(/scale\(([\d.]+)\)/.exec(transform)?.[1] ?? Number.NaN);
  });

describe('large maps in the editor', () => {
  it('opens a 1,000-step map at fit view with every step drawn as a plain coloured box, and zooming in shows their labels', async () => {
    const map = generateMap(1000, 7);
    for (const step of map.steps) delete step.position;
    const created = await env.app.createMap(map);
    const { page } = await env.browser.person('Lee');
    await page.goto(created.links.edit);
    await page.locator('.far-step').first().waitFor({ timeout: 30_000 });
    await page.locator('.connection.is-connected').waitFor();

    // Zoomed out to the whole map: boxes of their kind's colour, no text.
    await expect.poll(() => stepsOnScreen(page), { timeout: 20_000 }).toBeGreaterThan(100);
    expect(await zoom(page)).toBeLessThan(0.25);
    expect(await page.locator('.far-step').count()).toBeGreaterThan(100);
    expect(await page.locator('.react-flow__node .step-label').count()).toBe(0);
    const colour = await page.locator('.far-step[data-kind="ai"]').first().evaluate((el) => getComputedStyle(el).fill);
    expect(colour).toMatch(/^(rgb|color)/);

    // A box has no handles, yet its joins are drawn to its sides, also once it has been selected
    // (drawn whole, measured with its handles) and let go again.
    // The box nearest the middle of the canvas.
    const stepId = await page.evaluate(() => {
      const pane = document.querySelector('.react-flow__pane')?.getBoundingClientRect();
      if (!pane) return null;
      const middle = (r: DOMRect) => Math.hypot(r.left + r.width / 2 - (pane.left + pane.width / 2), r.top + r.height / 2 - (pane.top + pane.height / 2));
      const boxes = [...document.querySelectorAll<SVGElement>('.far-step')].sort((a, b) => middle(a.getBoundingClientRect()) - middle(b.getBoundingClientRect()));
      return boxes[0]?.dataset.stepId ?? null;
    });
    const box = page.locator(`.far-step[data-step-id="${stepId}"]`);
    const itsJoins = map.joins.filter((j) => j.from === stepId || j.to === stepId).map((j) => j.id);
    expect(itsJoins.length).toBeGreaterThan(0);
    // Joins that look alike are drawn as one path from afar; a selected step's joins each alone.
    const aloneJoins = () =>
      page.evaluate((ids) => ids.filter((id) => (document.querySelector(`.far-join[data-id="${id}"] path.join-line`)?.getAttribute('d') ?? '') !== '').length, itsJoins);
    // Every join whose two steps are drawn is drawn: a line in a bundle (one "M" each), alone, or whole by React Flow.
    const everyJoin = map.joins.map((j) => ({ from: j.from, to: j.to }));
    const undrawn = () =>
      page.evaluate((joins) => {
        const drawnSteps = new Set([...document.querySelectorAll('.react-flow__node, .far-step')].map((n) => n.getAttribute('data-id') ?? n.getAttribute('data-step-id')));
        const expected = joins.filter((j) => drawnSteps.has(j.from) && drawnSteps.has(j.to)).length;
        const lines = [...document.querySelectorAll('.far-join path.join-line, .react-flow__edge path.join-line')];
        const drawn = lines.reduce((sum, line) => sum + (line.getAttribute('d')?.match(/M/g)?.length ?? 0), 0);
        return Math.max(0, expected - drawn);
      }, everyJoin);
    await expect.poll(undrawn).toBe(0);
    expect(await page.locator('.far-join[data-look]').count()).toBeGreaterThan(0);
    expect(await aloneJoins()).toBe(0);
    const at = await box.boundingBox();
    if (!at) throw new Error('no box');
    await page.mouse.click(at.x + at.width / 2, at.y + at.height / 2);
    await page.locator('.react-flow__node.selected .step-label').waitFor();
    await expect.poll(aloneJoins).toBe(itsJoins.length);
    // Dragged, its joins follow it: where each starts or ends moves with the step, by the drag in the map's units.
    const endsOf = () =>
      page.evaluate(
        ({ ids, step }) =>
          ids.map(({ id, from }) => {
            const d = document.querySelector(`.far-join[data-id="${id}"] path.join-line`)?.getAttribute('d') ?? '';
            const points = [...d.matchAll(/(-?[\d.]+),(-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
            return from === step ? points[0] : points.at(-1);
          }),
        { ids: map.joins.filter((j) => itsJoins.includes(j.id)).map((j) => ({ id: j.id, from: j.from })), step: stepId },
      );
    const before = await endsOf();
    const node = await page.locator('.react-flow__node.selected').boundingBox();
    if (!node) throw new Error('no selected step');
    await page.mouse.move(node.x + node.width / 2, node.y + node.height / 2);
    await page.mouse.down();
    await page.mouse.move(node.x + node.width / 2 + 30, node.y + node.height / 2 + 20, { steps: 5 });
    await page.mouse.up();
    const moved = await page.locator('.react-flow__node.selected').boundingBox();
    if (!moved) throw new Error('no selected step');
    const units = 1 / (await zoom(page));
    const shift = [(moved.x - node.x) * units, (moved.y - node.y) * units];
    expect(Math.hypot(shift[0], shift[1])).toBeGreaterThan(20 * units);
    await expect
      .poll(async () =>
        (await endsOf()).every((end, i) => {
          const was = before[i];
          return end && was && Math.abs(end[0] - was[0] - shift[0]) <= units + 1 && Math.abs(end[1] - was[1] - shift[1]) <= units + 1;
        }),
      )
      .toBe(true);
    // A point on one of its joins' lines that no step covers, in the map's units (the svg's), to find again once it is bundled.
    const onJoin = await page.evaluate((ids) => {
      for (const id of ids) {
        const path = document.querySelector<SVGPathElement>(`.far-join[data-id="${id}"] .far-join-hit`);
        if (!path) continue;
        const length = path.getTotalLength();
        for (let along = 0.2; along < 0.85; along += 0.05) {
          const point = path.getPointAtLength(length * along);
          const screen = new DOMPoint(point.x, point.y).matrixTransform(path.getScreenCTM() ?? undefined);
          if (document.elementFromPoint(screen.x, screen.y)?.classList.contains('far-join-hit')) return { x: point.x, y: point.y };
        }
      }
      return null;
    }, itsJoins);
    if (!onJoin) throw new Error('no join of the step can be clicked');
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await expect.poll(() => page.locator('.react-flow__node.selected').count()).toBe(0);
    expect(await page.locator(`.far-step[data-step-id="${stepId}"]`).count()).toBe(1);
    await expect.poll(aloneJoins).toBe(0);
    await expect.poll(undrawn).toBe(0);

    // Drawn from afar, bundled: a click on a line selects the join it is on (joins run close together
    // this far out: one of those under the pointer), and it is drawn whole, label and all.
    expect(await page.locator('.react-flow__edge').count()).toBe(0);
    const target = await page.evaluate((point) => {
      const svg = document.querySelector<SVGSVGElement>('.far-joins');
      const screen = new DOMPoint(point.x, point.y).matrixTransform(svg?.getScreenCTM() ?? undefined);
      const hit = document.elementFromPoint(screen.x, screen.y);
      return { x: screen.x, y: screen.y, bundled: !!hit?.classList.contains('far-join-hit') && !!hit.closest('.far-join[data-look]') };
    }, onJoin);
    expect(target.bundled).toBe(true);
    await page.mouse.click(target.x, target.y);
    const chosen = page.locator('.react-flow__edge.selected');
    await chosen.waitFor();
    const chosenId = await chosen.getAttribute('data-id');
    await page.locator(`.join-label[data-join-id="${chosenId}"]`).waitFor();
    // Its line as drawn from afar (from its first step's right side to the next one's left) ran under the pointer.
    const chosenJoin = map.joins.find((j) => j.id === chosenId);
    if (!chosenJoin) throw new Error(`no join ${chosenId}`);
    const ends = await page.evaluate(
      (ids) =>
        ids.map((id) => {
          const box = document.querySelector(`.far-step[data-step-id="${id}"]`);
          return ['x', 'y', 'width', 'height'].map((name) => Number(box?.getAttribute(name)));
        }),
      [chosenJoin.from, chosenJoin.to],
    );
    const [[fx, fy, fw, fh], [tx, ty, , th]] = ends;
    const line = routeJoin({ x: fx + fw, y: fy + fh / 2 }, { x: tx, y: ty + th / 2 }, []);
    // Within the click band (8 units each side) and a pixel, this far out tens of units.
    const unitsPerPixel = 1 / (await zoom(page));
    expect(distanceToRoute(line, onJoin)).toBeLessThanOrEqual(8 + unitsPerPixel);
    expect(await page.locator(`.far-join[data-id="${chosenId}"]`).count()).toBe(0);
    await expect.poll(undrawn).toBe(0);

    // Zoom in around the middle of the canvas: the steps there are whole again, labels and all.
    const pane = await page.locator('.react-flow__pane').boundingBox();
    if (!pane) throw new Error('no canvas');
    await page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height / 2);
    for (let i = 0; i < 6 && (await zoom(page)) < 0.6; i++) {
      await page.mouse.wheel(0, -500);
      await page.waitForTimeout(150);
    }
    await expect.poll(() => page.locator('.react-flow__node .step-label').count()).toBeGreaterThan(0);
    expect(await page.locator('.far-step').count()).toBe(0);
    // Only what is on screen is rendered.
    expect(await page.locator('.react-flow__node').count()).toBeLessThan(200);
  }, 60_000);

  it('after auto-layout shows the whole map: the view is fitted once the steps have their new places', async () => {
    // 60 steps: ELK lays them out in seconds, and the whole laid-out map fits on screen at a zoom
    // above React Flow's least, so every step must be in view once the view is fitted to it.
    const map = generateMap(60, 3);
    for (const step of map.steps) delete step.position;
    const created = await env.app.createMap(map);
    const { page } = await env.browser.person('Kim');
    await page.goto(created.links.edit);
    await page.locator('.connection.is-connected').waitFor();
    await expect.poll(() => stepsOnScreen(page), { timeout: 20_000 }).toBe(map.steps.length);
    await page.getByRole('button', { name: 'Auto-layout' }).click();
    await page.getByRole('button', { name: 'Arranging…' }).waitFor();
    await page.getByRole('button', { name: 'Arranging…' }).waitFor({ state: 'detached', timeout: 45_000 });
    await expect.poll(() => stepsOnScreen(page), { timeout: 15_000 }).toBe(map.steps.length);
  }, 90_000);
});
