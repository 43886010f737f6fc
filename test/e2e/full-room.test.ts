import { afterEach, describe, expect, it } from 'vitest';
import { loadFixture } from '../fixtures/load';
import { connect, synced } from '../server/helpers';
import { canvasSteps } from './canvas';
import { withAppAndBrowser } from './setup';

// A room that holds two connections: the third person to open the map waits outside it.
const env = withAppAndBrowser({ maxRoomConnections: 2 });
const crowd: ReturnType<typeof connect>[] = [];

afterEach(() => {
  for (const { provider, doc } of crowd.splice(0)) {
    provider.destroy();
    doc.destroy();
  }
});

describe('a leader who opens the review link of a full map', () => {
  it('is told the map is full, and is not shown an empty map with no findings while waiting; gets in when someone leaves', async () => {
    const created = await env.app.createMap(loadFixture('contract-review'));
    for (let i = 0; i < 2; i++) crowd.push(connect(env.app.syncUrl, created.id, created.tokens.review));
    await Promise.all(crowd.map(({ provider }) => synced(provider)));

    const { page } = await env.browser.person('Leader');
    await page.goto(created.links.review);
    await expect.poll(() => page.locator('.banner.refusal').textContent()).toContain('The map is full');
    // The page has nothing of the map yet: it must not say the map is empty or that nothing is open.
    expect(await page.getByText('An empty map').count()).toBe(0);
    expect(await page.locator('.review-position').textContent()).not.toContain('No open findings');
    expect(await page.locator('#side-tab-findings .count').count()).toBe(0);
    expect(await page.locator('.summary').textContent()).toContain('Reading the map');
    expect(await page.locator('.inspector').textContent()).not.toContain('0 steps');

    const left = crowd.pop();
    left?.provider.destroy();
    left?.doc.destroy();
    await expect.poll(() => canvasSteps(page), { timeout: 15_000 }).toHaveLength(4);
    await expect.poll(() => page.locator('.review-position').textContent()).toMatch(/open finding/);
    expect(Number(await page.locator('#side-tab-findings .count').textContent())).toBeGreaterThan(0);
  }, 60_000);
});
