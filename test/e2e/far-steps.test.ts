import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { generateMap } from '../../bench/generate-map';
import { withAppAndBrowser } from './setup';

const env = withAppAndBrowser();

/**
 * Zoomed out, the steps nobody is working on are boxes drawn together, outside React Flow. Each
 * must still be a step to the hand and the keyboard: these are the gestures a person makes on a
 * step at any zoom, made on the boxes.
 */
describe('steps seen from afar', () => {
  it('a box is dragged, clicked, Shift-clicked and double-clicked as a step is, and the drag is saved', async () => {
    const { page, created, map } = await openFarMap('Ines');
    const [first, second] = await boxesNearTheMiddle(page, 2);
    const box = page.locator(`.far-step[data-step-id="${first}"]`);
    const before = await box.boundingBox();
    if (!before) throw new Error('no box');
    const zoom = await canvasZoom(page);

    // A drag moves the step and selects it, drawn whole where it was dropped.
    await page.mouse.move(before.x + before.width / 2, before.y + before.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(before.x + before.width / 2 + i * 8, before.y + before.height / 2 + i * 5);
    await page.mouse.up();
    const whole = page.locator(`.react-flow__node.selected[data-id="${first}"]`);
    await whole.locator('.step-label').waitFor();
    const after = await whole.boundingBox();
    expect(after?.x).toBeCloseTo(before.x + 80, -1);
    expect(after?.y).toBeCloseTo(before.y + 50, -1);
    // Saved: the server holds the step where it was dropped, in flow units.
    const start = map.steps.find((s) => s.id === first)?.position ?? { x: 0, y: 0 };
    await expect
      .poll(async () => {
        const saved = (await env.app.getMap(created.id, created.links.edit)).steps.find((s) => s.id === first)?.position;
        return saved ? Math.round(Math.hypot(saved.x - start.x - 80 / zoom, saved.y - start.y - 50 / zoom)) : Number.NaN;
      })
      .toBeLessThan(2 / zoom);

    // A Shift-click adds another box's step to the selection; both are drawn whole.
    const other = await page.locator(`.far-step[data-step-id="${second}"]`).boundingBox();
    if (!other) throw new Error('no second box');
    await page.keyboard.down('Shift');
    await page.mouse.click(other.x + other.width / 2, other.y + other.height / 2);
    await page.keyboard.up('Shift');
    await expect.poll(() => selectedSteps(page)).toEqual([first, second].sort());

    // A click on the pane lets them go: boxes again.
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await expect.poll(() => page.locator(`.far-step[data-step-id="${first}"], .far-step[data-step-id="${second}"]`).count()).toBe(2);

    // A double-click renames it, on the canvas.
    const again = await page.locator(`.far-step[data-step-id="${second}"]`).boundingBox();
    if (!again) throw new Error('no box to rename');
    await page.mouse.dblclick(again.x + again.width / 2, again.y + again.height / 2);
    await page.locator(`.react-flow__node[data-id="${second}"] .step-label-editor`).waitFor();
  }, 60_000);

  it('a box is reached with Tab, named as its step, and Enter selects it and takes the focus to the whole step', async () => {
    const { page, map } = await openFarMap('Joe');
    const [id] = await boxesNearTheMiddle(page, 1);
    const step = map.steps.find((s) => s.id === id);
    const box = page.locator(`.far-step[data-step-id="${id}"]`);
    expect(await box.getAttribute('tabindex')).toBe('0');
    expect(await box.getAttribute('aria-label')).toContain(step?.label);
    await box.focus();
    await page.keyboard.press('Enter');
    await page.locator(`.react-flow__node.selected[data-id="${id}"] .step-label`).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-id'))).toBe(id);
  }, 60_000);

  it('Shift and a drag across the canvas select the boxes inside it', async () => {
    const { page } = await openFarMap('Kai');
    const pane = await page.locator('.react-flow__pane').boundingBox();
    if (!pane) throw new Error('no canvas');
    // A box drawn across the middle of the canvas; the boxes wholly inside it are the steps it selects.
    const area = { left: pane.x + pane.width * 0.3, top: pane.y + pane.height * 0.3, right: pane.x + pane.width * 0.6, bottom: pane.y + pane.height * 0.6 };
    // The drag starts on the canvas itself, between the boxes: one started on a box moves it.
    const start = await page.evaluate((a) => {
      for (let y = a.top; y < a.top + 60; y += 2)
        for (let x = a.left; x < a.left + 60; x += 2) if (document.elementFromPoint(x, y)?.classList.contains('react-flow__pane')) return { x, y };
      return null;
    }, area);
    if (!start) throw new Error('no empty point to start the box from');
    const inside = await page.evaluate((a) => {
      return [...document.querySelectorAll<SVGElement>('.far-step')]
        .filter((el) => {
          const r = el.getBoundingClientRect();
          return r.left >= a.left && r.top >= a.top && r.right <= a.right && r.bottom <= a.bottom;
        })
        .map((el) => el.dataset.stepId ?? '')
        .sort();
    }, { ...area, left: start.x, top: start.y });
    expect(inside.length).toBeGreaterThan(3);
    await page.keyboard.down('Shift');
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    await page.mouse.move((area.left + area.right) / 2, (area.top + area.bottom) / 2, { steps: 5 });
    await page.mouse.move(area.right, area.bottom, { steps: 5 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    await expect.poll(() => selectedSteps(page)).toEqual(inside);
  }, 60_000);
});

/** A 300-step map with its steps on a grid, opened at fit view: far out, every step a box. */
async function openFarMap(name: string) {
  const map = generateMap(300, 5);
  map.steps.forEach((step, i) => {
    step.position = { x: (i % 15) * 260, y: Math.floor(i / 15) * 180 };
  });
  const created = await env.app.createMap(map);
  const { page } = await env.browser.person(name);
  await page.goto(created.links.edit);
  await page.locator('.connection.is-connected').waitFor();
  // Analysed, the blocker worded: the summary above the canvas is whole, and the canvas no longer moves down the page.
  await page.locator('[data-metric="blocker"]').waitFor();
  await expect.poll(() => page.locator('.far-step').count(), { timeout: 20_000 }).toBe(map.steps.length);
  expect(await page.locator('.react-flow__node').count()).toBe(0);
  return { page, created, map };
}

/** The ids of the `count` boxes nearest the middle of the canvas. */
function boxesNearTheMiddle(page: Page, count: number): Promise<string[]> {
  return page.evaluate((n) => {
    const pane = document.querySelector('.react-flow__pane')?.getBoundingClientRect();
    if (!pane) return [];
    const off = (r: DOMRect) => Math.hypot(r.left + r.width / 2 - (pane.left + pane.width / 2), r.top + r.height / 2 - (pane.top + pane.height / 2));
    return [...document.querySelectorAll<SVGElement>('.far-step')]
      .sort((a, b) => off(a.getBoundingClientRect()) - off(b.getBoundingClientRect()))
      .slice(0, n)
      .map((el) => el.dataset.stepId ?? '');
  }, count);
}

const selectedSteps = (page: Page) => page.locator('.react-flow__node.selected').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-id') ?? '').sort());

/** The canvas's zoom, from React Flow's viewport transform. */
const canvasZoom = (page: Page) =>
  page.evaluate(() => {
    const transform = document.querySelector<HTMLElement>('.react-flow__viewport')?.style.transform ?? '';
    return Number(/scale\(([\d.]+)\)/.exec(transform)?.[1] ?? Number.NaN);
  });
