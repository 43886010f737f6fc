import { describe, expect, it } from 'vitest';
import { loadFixture } from '../fixtures/load';
import { withAppAndBrowser } from './setup';

/**
 * A leader opens the review link from an email on a phone (390 × 844): every control of the
 * toolbar is on the screen (the Scorecard among them), and the map and the side panel each get a
 * usable part of it, rather than the panel taking the width and leaving the map a sliver.
 */
const env = withAppAndBrowser();
const PHONE = { width: 390, height: 844 };

describe('the review link on a phone', () => {
  it('shows every toolbar control, the map and the findings, nothing past the right edge', async () => {
    const created = await env.app.createMap(loadFixture('marketing-content'));
    const context = await env.browser.browser.newContext({ viewport: PHONE, hasTouch: true, isMobile: true });
    try {
      await context.addInitScript(() => localStorage.setItem('stallmap:name', 'COO'));
      const page = await context.newPage();
      await page.goto(created.links.review);
      // A step React Flow draws, or a box drawn from afar on a map zoomed out to fit.
      await page.locator('.react-flow__node, .far-step').first().waitFor();
      await page.locator('.connection.is-connected').waitFor();

      // Nothing wider than the phone: a page wider than its screen is shown zoomed out, all of it too small to read.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
      const outside = await page
        .locator('.toolbar button, .toolbar .connection')
        .evaluateAll((els, width) => els.filter((el) => el.getBoundingClientRect().right > width + 0.5).map((el) => el.textContent?.trim()), PHONE.width);
      expect(outside).toEqual([]);
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
    } finally {
      await context.close();
    }
  }, 60_000);
});
