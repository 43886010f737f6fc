import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import * as Y from 'yjs';
import { itemFromFields, joinsOf, readMap } from '../../src/collab/doc';
import type { StallMap } from '../../src/core/model';
import { loadFixture } from '../fixtures/load';
import { addStep, canvasSteps, dragHandleToHandle, stepNode } from './canvas';
import { withAppAndBrowser } from './setup';

/**
 * A page whose link may not change the map (review, view, or an editor in review mode) holds no
 * change the server refuses: every gesture that could make one is tried, and what the page shows,
 * what it keeps in IndexedDB and what a reload shows stay what the server has.
 */
const env = withAppAndBrowser();

interface Shape {
  steps: string[];
  joins: string[];
}

/** The example map with its steps far apart, so that no join's label covers a handle a gesture starts from. */
function spacedMap(): StallMap {
  const map = loadFixture('contract-review');
  map.steps.forEach((step, i) => {
    step.position = { x: i * 420, y: (i % 2) * 220 };
  });
  return map;
}

const shapeOf = (map: Pick<StallMap, 'steps' | 'joins'>): Shape => ({
  steps: map.steps.map((s) => s.id).sort(),
  joins: map.joins.map((j) => j.id).sort(),
});

/** The steps and joins the canvas shows. */
async function shown(page: Page): Promise<Shape> {
  const joins = await page.locator('.react-flow__edge').evaluateAll((edges) => edges.map((e) => e.getAttribute('data-testid')?.replace(/^rf__edge-/, '') ?? ''));
  return { steps: (await canvasSteps(page)).sort(), joins: joins.sort() };
}

/** Until the page has drawn what its last gesture did: the store reads the doc once per frame. */
const frames = (page: Page) => page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));

/** What this browser keeps of the map in IndexedDB (y-indexeddb's updates), or null for no copy. */
async function storedCopy(page: Page, mapId: string): Promise<Shape | null> {
  const updates = await page.evaluate(async (name) => {
    if (!(await indexedDB.databases()).some((db) => db.name === name)) return null;
    return new Promise<number[][]>((resolve, reject) => {
      const request = indexedDB.open(name);
      request.onerror = () => reject(request.error);
      request.onsuccess = () => {
        const db = request.result;
        if (!db.objectStoreNames.contains('updates')) {
          db.close();
          resolve([]);
          return;
        }
        const all = db.transaction('updates', 'readonly').objectStore('updates').getAll();
        all.onsuccess = () => {
          db.close();
          resolve(all.result.map((u: Uint8Array) => Array.from(u)));
        };
      };
    });
  }, `stallmap:${mapId}`);
  if (updates === null) return null;
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, Uint8Array.from(update));
  return shapeOf(readMap(doc).map);
}

/** Drops a palette item on the canvas, as one dragged from an edit link's palette in another window. */
const dropPaletteItem = (page: Page) =>
  page.evaluate(() => {
    const canvas = document.querySelector('.canvas');
    if (!canvas) throw new Error('no canvas');
    const box = canvas.getBoundingClientRect();
    const dataTransfer = new DataTransfer();
    dataTransfer.setData('application/x-stallmap-kind', 'human');
    const at = { clientX: box.left + box.width / 2, clientY: box.top + box.height / 2, bubbles: true, cancelable: true, dataTransfer };
    canvas.dispatchEvent(new DragEvent('dragover', at));
    canvas.dispatchEvent(new DragEvent('drop', at));
  });

/** Pastes a whole map's JSON where the focus is, as Ctrl+V with a map on the clipboard would. */
const pasteMap = (page: Page, map: StallMap) =>
  page.evaluate((text) => {
    const clipboardData = new DataTransfer();
    clipboardData.setData('text/plain', text);
    (document.activeElement ?? document.body).dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }));
  }, JSON.stringify(map));

/** Every gesture that changes the map on an edit link, on the contract-review map's steps. */
async function tryEveryGesture(page: Page): Promise<void> {
  // A join from a step's handle to another's, between steps not yet joined, both ways of connecting.
  await dragHandleToHandle(page, 'in', 'chk');
  await dragHandleToHandle(page, 'sum', 'out');
  // Click one handle, then another (React Flow's click to connect), wherever the pointer lands.
  for (const handle of [stepNode(page, 'in').locator('.react-flow__handle.source'), stepNode(page, 'out').locator('.react-flow__handle.target')]) {
    const box = await handle.boundingBox();
    if (!box) throw new Error('no handle');
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  }
  await page.keyboard.press('Escape');
  await dropPaletteItem(page);
  // Drag a step by its body.
  const box = await stepNode(page, 'sum').boundingBox();
  if (!box) throw new Error('no step');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2 + 80, { steps: 8 });
  await page.mouse.up();
  // Keys on a selected step, then with nothing focused but the canvas.
  await stepNode(page, 'chk').click();
  for (const key of ['Delete', 'Backspace', 'Control+d', 'Control+x', 'Control+z', 'Control+y', 'Control+Shift+z', 'Control+a', 'Control+v']) await page.keyboard.press(key);
  await pasteMap(page, loadFixture('contract-review'));
  // Typing in the inspector's fields of the selected step.
  await stepNode(page, 'chk').click();
  for (const name of ['label', 'owner']) {
    const field = page.locator(`[name="${name}"]`).first();
    if (!(await field.count())) continue;
    await field.click();
    await page.keyboard.type('changed');
    await page.keyboard.press('Enter');
  }
  await frames(page);
}

async function open(page: Page, link: string): Promise<void> {
  page.setDefaultTimeout(15_000);
  await page.goto(link);
  await page.locator('.react-flow__node').first().waitFor();
  await page.locator('.connection.is-connected').waitFor();
}

describe('a page whose link cannot change the map', () => {
  for (const role of ['view', 'review'] as const) {
    it(`on a ${role} link, no gesture changes the map it shows, keeps or reloads`, async () => {
      const created = await env.app.createMap(spacedMap());
      const server = shapeOf(await env.app.getMap(created.id, created.links.edit));
      const { page, context } = await env.browser.person(role === 'view' ? 'Watcher' : 'Leader');
      try {
        await open(page, created.links[role]);
        expect(await shown(page)).toEqual(server);
        await tryEveryGesture(page);

        expect(await shown(page)).toEqual(server);
        expect(await page.locator('.react-flow__connectionline').count()).toBe(0);
        expect(shapeOf(await env.app.getMap(created.id, created.links.edit))).toEqual(server);
        await page.reload();
        await page.locator('.react-flow__node').first().waitFor();
        await frames(page);
        expect(await shown(page)).toEqual(server);
        const kept = await storedCopy(page, created.id);
        if (kept) expect(kept).toEqual(server);
      } finally {
        await context.close();
      }
    }, 60_000);
  }

  it('an editor in review mode changes nothing either; unticking it draws again', async () => {
    const created = await env.app.createMap(spacedMap());
    const server = shapeOf(await env.app.getMap(created.id, created.links.edit));
    const { page, context } = await env.browser.person('Facilitator');
    try {
      await open(page, created.links.edit);
      await page.getByLabel('Review mode').check();
      await tryEveryGesture(page);
      expect(await shown(page)).toEqual(server);

      // A change after review mode, once on the server, shows that nothing before it was sent.
      await page.getByLabel('Review mode').uncheck();
      const added = await addStep(page, 'human');
      await expect.poll(async () => (await env.app.getMap(created.id, created.links.edit)).steps.some((s) => s.id === added)).toBe(true);
      expect(shapeOf(await env.app.getMap(created.id, created.links.edit))).toEqual({ steps: [...server.steps, added].sort(), joins: server.joins });
    } finally {
      await context.close();
    }
  }, 60_000);

  it('drops a copy an earlier visit with a view link kept, shows the server’s map, and says so', async () => {
    const created = await env.app.createMap(spacedMap());
    const server = shapeOf(await env.app.getMap(created.id, created.links.edit));
    // What an earlier page kept after a view link drew a join: an update with that join, in y-indexeddb's layout.
    const earlier = new Y.Doc();
    joinsOf(earlier).set('j-ghost', itemFromFields({ from: 'in', to: 'out', handoff: 'manual' }));
    const update = Array.from(Y.encodeStateAsUpdate(earlier));
    const { page, context } = await env.browser.person('Watcher');
    try {
      await page.goto(env.app.url);
      await page.evaluate(
        ({ name, bytes }) =>
          new Promise<void>((resolve, reject) => {
            const request = indexedDB.open(name);
            request.onupgradeneeded = () => {
              request.result.createObjectStore('updates', { autoIncrement: true });
              request.result.createObjectStore('custom');
            };
            request.onerror = () => reject(request.error);
            request.onsuccess = () => {
              const db = request.result;
              const put = db.transaction('updates', 'readwrite').objectStore('updates').add(Uint8Array.from(bytes));
              put.onsuccess = () => {
                db.close();
                resolve();
              };
              put.onerror = () => reject(put.error);
            };
          }),
        { name: `stallmap:${created.id}`, bytes: update },
      );
      await open(page, created.links.view);
      await expect.poll(() => page.locator('.banner[role="alert"]').textContent()).toContain('copy was dropped');
      await frames(page);
      expect(await shown(page)).toEqual(server);
      expect(await storedCopy(page, created.id)).toBeNull();
    } finally {
      await context.close();
    }
  }, 60_000);
});
