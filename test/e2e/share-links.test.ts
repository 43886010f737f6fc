import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadFixture } from '../fixtures/load';
import { startApp, type AppHandle } from './app';
import { launchBrowser, type BrowserHandle } from './browser';

/**
 * An editor on another laptop (a browser that never created the map, holding only the edit link)
 * can still hand out the review and view links: Share fetches them from the server and keeps them.
 */
let app: AppHandle;
let browser: BrowserHandle;
beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

it('Share on an edit link opened in a fresh browser shows the review and view links', async () => {
  const created = await app.createMap(loadFixture('contract-review'));
  const { context, page } = await browser.person('Second editor');
  await page.goto(`${app.url}/m/${created.id}#token=${created.tokens.edit}`);
  await page.locator('.react-flow__node').first().waitFor();
  await page.getByRole('button', { name: 'Share' }).click();
  for (const role of ['review', 'view'] as const) {
    const field = page.locator(`.share-link[data-role="${role}"] input`);
    await field.waitFor({ timeout: 15_000 });
    expect(await field.inputValue()).toMatch(new RegExp(`/m/${created.id}#token=${created.tokens[role]}$`));
  }
  // Kept like the creator's: this browser now holds all three.
  const held = await page.evaluate((id) => JSON.parse(localStorage.getItem('stallmap:maps') ?? '[]').find((m: { id: string }) => m.id === id)?.tokens, created.id);
  expect(held).toEqual(created.tokens);
  await context.close();
});
