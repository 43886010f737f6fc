import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { AppHandle } from './app';
import type { BrowserHandle } from './browser';

/** Steps as the canvas shows them, by id, in document order. */
export async function canvasSteps(page: Page): Promise<string[]> {
  return page.locator('.react-flow__node').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-id') ?? ''));
}

export const stepNode = (page: Page, id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);

export async function nodeBox(page: Page, id: string) {
  const box = await stepNode(page, id).boundingBox({ timeout: 2000 });
  if (!box) throw new Error(`step ${id} is not on screen`);
  return box;
}

/** From the home page: "Empty map", then wait for the canvas. */
export async function createMapFromHome(page: Page, baseUrl: string): Promise<string> {
  await page.goto(baseUrl);
  await page.getByRole('button', { name: /Empty map/ }).click();
  await page.waitForURL(/\/m\/[A-Za-z0-9_-]+#token=/);
  await page.locator('.react-flow__pane').waitFor();
  await page.locator('.connection.is-connected').waitFor();
  return page.url();
}

/** Clicks a kind in the palette and returns the new step's id. */
export async function addStep(page: Page, kind: string): Promise<string> {
  const before = new Set(await canvasSteps(page));
  await page.locator(`.palette-item[data-kind="${kind}"]`).click();
  for (let i = 0; i < 100; i++) {
    const added = (await canvasSteps(page)).find((id) => !before.has(id));
    if (added) return added;
    await page.waitForTimeout(50);
  }
  throw new Error(`no ${kind} step appeared`);
}

/** Drags from one step's output handle to another's input handle, as a person would. */
export async function connect(page: Page, from: string, to: string): Promise<void> {
  const edges = await page.locator('.react-flow__edge').count();
  // One retry: on a loaded CI machine a drag's pointer events were twice seen not to start a
  // connection (the drag began before the handle was ready); a person would simply drag again.
  // The caller still checks that exactly the join it wanted exists.
  for (let attempt = 0; attempt < 2; attempt++) {
    await dragHandleToHandle(page, from, to);
    for (let i = 0; i < 30; i++) {
      if ((await page.locator('.react-flow__edge').count()) > edges) return;
      await page.waitForTimeout(100);
    }
  }
}

/**
 * Drags from one step's outgoing handle to another's incoming one, once, and waits for nothing: the
 * gesture of connecting, for a page that must not make the join (`connect` waits up to 3 s, twice,
 * for a join to appear).
 */
export async function dragHandleToHandle(page: Page, from: string, to: string): Promise<void> {
  // A view still gliding (fit view, layout) would move the handles under the drag.
  await settle(page);
  const source = await stepNode(page, from).locator('.react-flow__handle.source').boundingBox();
  const target = await stepNode(page, to).locator('.react-flow__handle.target').boundingBox();
  if (!source || !target) throw new Error('handles not found');
  await page.mouse.move(source.x + source.width / 2, source.y + source.height / 2);
  await page.mouse.down();
  await page.mouse.move(target.x + target.width / 2, target.y + target.height / 2, { steps: 12 });
  await page.mouse.up();
}

/** Ctrl+Z with the focus on the canvas, not in a field (a field keeps its own undo). */
export async function pressUndo(page: Page): Promise<void> {
  await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
  // A new step's label editor closes (keeping its text) when the pane is clicked; until it has,
  // Ctrl+Z would be the text field's own undo.
  await page.locator('.step-label-editor').waitFor({ state: 'detached' });
  await page.keyboard.press('Control+z');
}

/** Drags step `moved` by hand onto step `onto` (its corner 40 px right of and 20 px below the other's). */
export async function dragOnto(page: Page, moved: string, onto: string): Promise<void> {
  const [from, to] = [await nodeBox(page, moved), await nodeBox(page, onto)];
  await page.mouse.move(from.x + 20, from.y + 10);
  await page.mouse.down();
  await page.mouse.move(to.x + 40, to.y + 20, { steps: 10 });
  await page.mouse.up();
}

/** Whether two steps' boxes on screen overlap. */
export async function overlapping(page: Page, a: string, b: string): Promise<boolean> {
  const [ba, bb] = [await nodeBox(page, a), await nodeBox(page, b)];
  return ba.x < bb.x + bb.width && bb.x < ba.x + ba.width && ba.y < bb.y + bb.height && bb.y < ba.y + ba.height;
}

/** Runs auto-layout and waits until the steps have stopped moving (the view glides to fit them). */
export async function autoLayout(page: Page): Promise<void> {
  const before = await nodeBoxes(page);
  await page.getByRole('button', { name: 'Auto-layout' }).click();
  await page.getByRole('button', { name: 'Auto-layout' }).waitFor();
  // The layout runs in a worker: on a busy machine the steps may not have moved yet. Wait for
  // them to (a layout that leaves every step in place is rare; give up after 5 s), then settle.
  for (let i = 0; i < 50 && (await nodeBoxes(page)) === before; i++) await page.waitForTimeout(100);
  await settle(page);
}

const nodeBoxes = (page: Page) =>
  page.locator('.react-flow__node').evaluateAll((nodes) => JSON.stringify(nodes.map((n) => n.getBoundingClientRect().toJSON())));

/** Waits until every step is where it was a frame ago: no layout, fit or drag still in motion. */
export async function settle(page: Page): Promise<void> {
  let last = '';
  for (let i = 0; i < 60; i++) {
    const now = await nodeBoxes(page);
    if (now === last) return;
    last = now;
    await page.waitForTimeout(100);
  }
}

/**
 * A map made from `body` and opened by a new person with one of its links, every step drawn: what
 * many browser tests start from. `before` is the map as the server stored it.
 */
export async function openNewMap(env: { app: AppHandle; browser: BrowserHandle }, body: unknown, person: string, role: 'edit' | 'review' | 'view' = 'edit') {
  const created = await env.app.createMap(body);
  const before = await env.app.getMap(created.id, created.links.edit);
  const { page } = await env.browser.person(person);
  await page.goto(created.links[role]);
  await expect.poll(() => canvasSteps(page)).toHaveLength(before.steps.length);
  return { created, before, page };
}
