import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { loadFixture } from '../fixtures/load';
import { connect, synced } from '../server/helpers';
import { withAppAndBrowser } from './setup';

/**
 * A leader opens the review link from an email on a phone (390 × 844): every control of the
 * toolbar is on the screen (the Scorecard among them), and the map and the side panel each get a
 * usable part of it, rather than the panel taking the width and leaving the map a sliver.
 */
const env = withAppAndBrowser();
const PHONE = { width: 390, height: 844 };

/** Opens a link on a phone with its name chosen, runs `look` on the page, and closes it. */
async function onPhone(link: string, look: (page: Page) => Promise<void>): Promise<void> {
  const context = await env.browser.browser.newContext({ viewport: PHONE, hasTouch: true, isMobile: true });
  try {
    await context.addInitScript(() => localStorage.setItem('stallmap:name', 'COO'));
    const page = await context.newPage();
    await page.goto(link);
    // A step React Flow draws, or a box drawn from afar on a map zoomed out to fit.
    await page.locator('.react-flow__node, .far-step').first().waitFor();
    await page.locator('.connection.is-connected').waitFor();
    await look(page);
  } finally {
    await context.close();
  }
}

/** Nothing wider than the phone (a page wider than its screen is shown zoomed out, all of it too small to read), and every toolbar control on it. */
async function expectToolbarOnScreen(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  const outside = await page
    .locator('.toolbar button, .toolbar .connection')
    .evaluateAll((els, width) => els.filter((el) => el.getBoundingClientRect().right > width + 0.5).map((el) => el.getAttribute('aria-label') ?? el.textContent?.trim()), PHONE.width);
  expect(outside).toEqual([]);
}

describe('the review link on a phone', () => {
  it('shows every toolbar control, the map and the findings, nothing past the right edge', async () => {
    const created = await env.app.createMap(loadFixture('marketing-content'));
    await onPhone(created.links.review, async (page) => {
      await expectToolbarOnScreen(page);
      const canvas = await page.locator('.canvas').boundingBox();
      expect(canvas?.width).toBeGreaterThanOrEqual(360);
      expect(canvas?.height).toBeGreaterThanOrEqual(200);
      const panel = await page.locator('.side-panel').boundingBox();
      expect(panel && panel.width >= 360 && panel.y + 150 <= PHONE.height).toBe(true);

      // The waivers and refusals a leader must see open across the screen, not off its left edge.
      await page.locator('.disclosures > summary').tap();
      const disclosures = await page.locator('.disclosures-body').boundingBox();
      expect(disclosures && disclosures.x >= 0 && disclosures.x + disclosures.width <= PHONE.width && disclosures.width >= PHONE.width - 40).toBe(true);
      await page.locator('.disclosures > summary').tap();

      await page.getByRole('button', { name: 'Scorecard', exact: true }).tap();
      await page.locator('#scorecard-title').waitFor();
    });
  }, 60_000);

  it('keeps every control on the screen with a board of thirty on the map, each of them still there to follow', async () => {
    const created = await env.app.createMap(loadFixture('marketing-content'));
    // Each stock provider listens for the process's exit: thirty are expected here, not a leak.
    process.setMaxListeners(Math.max(process.getMaxListeners(), 40));
    const board = Array.from({ length: 30 }, (_, i) => {
      const member = connect(env.app.syncUrl, created.id, created.tokens.review);
      member.provider.awareness.setLocalStateField('user', { name: `Board member ${i + 1}`, color: '#1d4ed8' });
      return member;
    });
    try {
      await Promise.all(board.map(({ provider }) => synced(provider)));
      await onPhone(created.links.review, async (page) => {
        await expect.poll(() => page.locator('.avatar').count()).toBe(30);
        await expectToolbarOnScreen(page);
        // Each of the thirty is one tap away, to follow their view.
        await page.getByRole('button', { name: /Follow .Board member 30.'s view/ }).tap();
        await expect.poll(() => page.locator('.avatar.is-following').count()).toBe(1);
      });
    } finally {
      for (const { provider, doc } of board) {
        provider.destroy();
        doc.destroy();
      }
    }
  }, 60_000);
});
