import { describe, expect, it } from 'vitest';
import { generateMap } from '../../bench/generate-map';
import { mapFileJson } from '../../src/core/model/map-file';
import { plural } from '../../src/core/plural';
import { withAppAndBrowser } from './setup';

// The server's own limits: a message of 1 MiB, 256 KiB a second per connection.
const env = withAppAndBrowser();

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * A map the page exports must import again into an open map. 4,000 steps are a 1.3 MB file and a
 * Yjs change of 1.1 MB, over the server's message limit: sent as one message, the server closed
 * the page's connection (1009), and the page said the change was refused.
 */
describe('replacing the open map with a file over 1 MiB', () => {
  it('reaches a colleague on the map whole, nobody’s connection is closed, and Ctrl+Z undoes it', async () => {
    const file = mapFileJson(generateMap(4000, 5));
    expect(Buffer.byteLength(file)).toBeGreaterThan(1024 * 1024);
    const imported = JSON.parse(file) as ReturnType<typeof generateMap>;
    const created = await env.app.createMap({ template: 'contract-review' });
    const before = await env.app.getMap(created.id, created.links.edit);
    const room = `room=${created.id}`;

    const facilitator = await env.browser.person('Facilitator');
    const colleague = await env.browser.person('Colleague');
    for (const { page } of [facilitator, colleague]) {
      await page.goto(created.links.edit);
      await page.locator('.connection.is-connected').waitFor();
    }
    const summary = colleague.page.locator('.inspector');
    await expect.poll(() => summary.textContent()).toContain(`${before.steps.length} steps`);

    const page = facilitator.page;
    await page.locator('[data-testid="import-file"]').setInputFiles({ name: 'large.json', mimeType: 'application/json', buffer: Buffer.from(file) });
    await page.getByRole('dialog', { name: /Import large.json/ }).waitFor();
    await page.getByLabel(/Take the file’s title/).check();
    // Every text of the connection's status from here on: the progress shows for the seconds the
    // parts take, which on a busy machine can pass while the page is still drawing the new map, too
    // busy to answer a poll.
    await page.evaluate(() => {
      const status = document.querySelector('.connection') as HTMLElement;
      const seen: string[] = [];
      Object.assign(window, { statusTexts: seen });
      new MutationObserver(() => seen.push(status.textContent ?? '')).observe(status, { childList: true, subtree: true, characterData: true });
    });
    await page.getByRole('button', { name: /Replace this map for everyone/ }).click();

    // The colleague's page shows the file's map, every step and join of it.
    await expect.poll(() => summary.textContent(), { timeout: 20_000 }).toContain(`${plural(imported.steps.length, 'step')}, ${plural(imported.joins.length, 'join')}`);
    await expect.poll(() => colleague.page.locator('.map-title').textContent()).toBe(imported.title);
    const stored = await env.app.getMap(created.id, created.links.edit);
    expect([...stored.steps].sort(byId)).toEqual([...imported.steps].sort(byId));
    expect([...stored.joins].sort(byId)).toEqual([...imported.joins].sort(byId));
    await page.locator('.connection.is-connected').waitFor();
    await expect.poll(() => page.locator('.connection').textContent()).toBe('Connected');
    // Sent in parts under the server's rate, for a few seconds: the page said so while it went.
    const statusTexts = await page.evaluate(() => (window as unknown as { statusTexts: string[] }).statusTexts);
    expect(statusTexts.some((text) => /sending your change to the others: \d+%/.test(text))).toBe(true);
    // Nobody was disconnected: not the page that sent it, not the colleague it was relayed to.
    expect(env.app.logs.filter((line) => line.includes('conn.close') && line.includes(room))).toEqual([]);

    await page.keyboard.press('Control+z');
    await expect.poll(() => summary.textContent(), { timeout: 30_000 }).toContain(`${plural(before.steps.length, 'step')}, ${plural(before.joins.length, 'join')}`);
    expect((await env.app.getMap(created.id, created.links.edit)).steps.map((s) => s.id).sort()).toEqual(before.steps.map((s) => s.id).sort());
  }, 60_000);
});
