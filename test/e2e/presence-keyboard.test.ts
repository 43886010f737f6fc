import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { loadFixture } from '../fixtures/load';
import { connect, synced } from '../server/helpers';
import { withAppAndBrowser } from './setup';

/**
 * The people on the map, as a keyboard and a screen reader meet them: the toggle that hides the
 * others' cursors, and the view toggle's count of who is on each state.
 */
const env = withAppAndBrowser();
const crowd: ReturnType<typeof connect>[] = [];

afterEach(() => {
  for (const { provider, doc } of crowd.splice(0)) {
    provider.destroy();
    doc.destroy();
  }
});

/** `count` colleagues on the map's review link, each with a name, all on today's map. */
async function colleagues(mapId: string, token: string, count: number) {
  // Each stock provider listens for the process's exit: these are expected here, not a leak.
  process.setMaxListeners(Math.max(process.getMaxListeners(), count + 10));
  for (let i = 0; i < count; i++) {
    const member = connect(env.app.syncUrl, mapId, token);
    member.provider.awareness.setLocalStateField('user', { name: `Board member ${i + 1}`, color: '#1d4ed8' });
    crowd.push(member);
  }
  await Promise.all(crowd.map(({ provider }) => synced(provider)));
}

const focusedName = (page: Page) => page.evaluate(() => (document.activeElement === document.body ? 'the page’s body' : (document.activeElement?.getAttribute('aria-label') ?? '')));

describe('the people on the map, from the keyboard and to a screen reader', () => {
  it('keeps the focus on the cursors toggle when the last colleague leaves, and lets the toggle go once the focus moves on', async () => {
    const created = await env.app.createMap(loadFixture('contract-review'));
    await colleagues(created.id, created.tokens.review, 1);
    const { context, page } = await env.browser.person('Facilitator');
    await page.goto(created.links.edit);
    await page.locator('.connection.is-connected').waitFor();
    const toggle = page.getByRole('button', { name: 'Others’ cursors' });
    await toggle.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('false');

    const left = crowd.pop();
    left?.provider.destroy();
    left?.doc.destroy();
    await expect.poll(() => page.locator('.avatar').count()).toBe(0);
    // Not dropped to the page's body, where a screen reader says nothing and Tab starts from the top.
    expect(await focusedName(page)).toBe('Others’ cursors');
    await page.keyboard.press('Shift+Tab');
    await expect.poll(() => toggle.count()).toBe(0);
    await context.close();
  }, 60_000);

  it('names each state of the view toggle by itself with a crowd on it, and says who is there in its description', async () => {
    const created = await env.app.createMap(loadFixture('contract-review'));
    await colleagues(created.id, created.tokens.review, 7);
    const { context, page } = await env.browser.person('Facilitator');
    await page.goto(created.links.edit);
    await expect.poll(() => page.locator('.avatar').count()).toBe(7);
    const now = page.locator('.view-toggle button[data-view="now"]');
    await expect.poll(() => now.locator('.view-peers-more').textContent()).toBe('+2');
    // "Now", pressed: not "Now +2", a number a screen reader reads out without saying what it counts.
    await expect.poll(() => page.getByRole('button', { name: 'Now', exact: true, pressed: true }).count()).toBe(1);
    // The names are isolated (a right-to-left name leaves the commas in place): the marks are left out here.
    expect((await now.getAttribute('aria-description'))?.replace(/[\u2066-\u2069]/g, '')).toBe(
      "Today's workflow, as it is. Here: Board member 1, Board member 2, Board member 3, Board member 4, Board member 5, Board member 6, Board member 7",
    );
    await context.close();
  }, 60_000);
});
