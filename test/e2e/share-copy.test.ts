import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadFixture } from '../fixtures/load';
import { startApp, type AppHandle } from './app';
import { launchBrowser, type BrowserHandle } from './browser';

/**
 * A workshop served over plain http on an address that is not this machine's loopback name: no
 * secure context, so no Clipboard API. The page is such a page without leaving loopback: Chromium
 * resolves `room.test` to 127.0.0.1 (this file's browser only).
 */
let app: AppHandle;
let browser: BrowserHandle;
beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser(['--host-resolver-rules=MAP room.test 127.0.0.1']);
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

it('Copy on a plain-http room address copies the link, or says it could not; never "Copied" for nothing', async () => {
  const created = await app.createMap(loadFixture('contract-review'));
  const port = new URL(app.url).port;
  const room = `http://room.test:${port}`;
  const { context, page } = await browser.person('Facilitator');
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.url });
  // The clipboard, read and written from a page that may (loopback is a secure context).
  const reader = await context.newPage();
  await reader.goto(app.url);
  const clipboard = {
    read: async () => {
      await reader.bringToFront();
      return reader.evaluate(() => navigator.clipboard.readText());
    },
    write: async (text: string) => {
      await reader.bringToFront();
      await reader.evaluate((t) => navigator.clipboard.writeText(t), text);
    },
  };
  await clipboard.write('nothing copied yet');

  await page.bringToFront();
  await page.goto(`${room}/m/${created.id}#token=${created.tokens.edit}`);
  await page.locator('.react-flow__node').first().waitFor();
  expect(await page.evaluate(() => window.isSecureContext)).toBe(false);
  await page.getByRole('button', { name: 'Share' }).click();
  const row = page.locator('.share-link[data-role="edit"]');
  const link = await row.locator('input').inputValue();
  // The link names the address the room used, not 127.0.0.1.
  expect(link).toBe(`${room}/m/${created.id}#token=${created.tokens.edit}`);
  await row.getByRole('button', { name: 'Copy' }).click();
  await expect.poll(async () => (await row.getByRole('button').textContent()) === 'Copied' || (await row.locator('[role="status"]').count()) > 0).toBe(true);

  if ((await row.getByRole('button').textContent()) === 'Copied') {
    expect(await clipboard.read()).toBe(link);
  } else {
    expect(await row.locator('[role="status"]').textContent()).toMatch(/Ctrl\+C/);
    expect(await page.evaluate(() => String(window.getSelection() ?? '') || (document.activeElement as HTMLInputElement | null)?.value)).toBe(link);
  }
  await context.close();
});
