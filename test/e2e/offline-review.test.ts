import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { loadFixture } from '../fixtures/load';
import { settle, stepNode } from './canvas';
import { withAppAndBrowser } from './setup';

const env = withAppAndBrowser();

async function comment(page: Page, text: string): Promise<void> {
  await stepNode(page, 'chk').click();
  await page.getByRole('tab', { name: 'Inspector' }).click();
  await page.getByLabel('New comment').fill(text);
  await page.getByRole('button', { name: 'Comment', exact: true }).click();
  await expect.poll(() => page.locator('.comment-text').allTextContents()).toContain(text);
}

describe("a reviewer's comment made offline", () => {
  it('reaches the map when the browser opens the link again, though the page that made it was closed before it could send it', async () => {
    const created = await env.app.createMap(loadFixture('contract-review'));
    const onServer = async () => (await env.app.getMap(created.id, created.links.edit)).comments.map((c) => c.text);
    const { context, page } = await env.browser.person('COO');
    await page.goto(created.links.review);
    await page.locator('.connection.is-connected').waitFor();
    await page.getByRole('button', { name: 'Fit view', exact: true }).click();
    await settle(page);
    // Written online first: the server binds the page's Yjs client id to this browser.
    await comment(page, 'Could we sample 10% instead?');
    await expect.poll(onServer).toContain('Could we sample 10% instead?');

    await context.setOffline(true);
    await comment(page, 'Written on the train');
    // IndexedDB writes in the background.
    await page.waitForTimeout(500);
    await page.close();
    await context.setOffline(false);

    // The new page has a new client id; the old one's comment comes from the browser's copy.
    const again = await context.newPage();
    await again.goto(created.links.review);
    await expect.poll(onServer, { timeout: 15_000 }).toContain('Written on the train');
    expect(await again.locator('.banner.refusal').count()).toBe(0);
  }, 60_000);
});
