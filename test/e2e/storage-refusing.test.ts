import { afterAll, beforeAll, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../server/redis-server';
import { type AppHandle, startApp } from './app';
import { type BrowserHandle, launchBrowser } from './browser';
import { addStep } from './canvas';

/**
 * A person editing while the server's storage refuses writes (here Redis at its maxmemory): the
 * server closes the room's connections (1011) and the page reconnects and resends, on its own.
 * The page must say that its changes are not being saved, keep them, and stop saying so once the
 * server has them.
 */
let redis: TestRedis;
let app: AppHandle;
let browser: BrowserHandle;
beforeAll(async () => {
  redis = await startRedis();
  app = await startApp({ redisUrl: redis.url });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await redis?.stop();
});

it('tells a person their edits cannot be saved while the storage refuses them, keeps them, and clears once they are saved', async () => {
  const created = await app.createMap({});
  const ann = await browser.person('Ann');
  await ann.page.goto(created.links.edit);
  const connection = ann.page.locator('.connection');
  await ann.page.locator('.connection.is-connected').waitFor();

  const admin = redis.client();
  await admin.config('SET', 'maxmemory-policy', 'noeviction');
  await admin.config('SET', 'maxmemory', '1');
  const id = await addStep(ann.page, 'human');
  const banner = ann.page.locator('.banner.refusal');
  await expect.poll(async () => (await banner.allTextContents()).join(' '), { timeout: 10_000 }).toContain('The server cannot save changes right now (its storage is failing)');
  expect(await banner.textContent()).toContain('Your changes stay in this browser');
  expect((await app.getMap(created.id, created.links.view)).steps.map((step) => step.id)).not.toContain(id);

  await admin.config('SET', 'maxmemory', '0');
  await expect.poll(async () => (await app.getMap(created.id, created.links.view)).steps.map((step) => step.id), { timeout: 15_000 }).toContain(id);
  await expect.poll(() => banner.count(), { timeout: 10_000 }).toBe(0);
  await expect.poll(() => connection.textContent()).toBe('Connected');
}, 60_000);
