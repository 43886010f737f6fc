import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { StallMap } from '../../src/core/model';
import { loadFixture } from '../fixtures/load';
import { withAppAndBrowser } from './setup';

/** The review bar as a reviewer uses it: walking the findings from the keyboard, and the Disclosures. */
const env = withAppAndBrowser();
let reviewer: Page;

beforeAll(async () => {
  // The example map comes with a waiver on j3, a join with no label of its own.
  const created = await env.app.createMap(loadFixture('contract-review'));
  reviewer = (await env.browser.person('COO')).page;
  await reviewer.goto(created.links.review);
  await reviewer.locator('.react-flow__node').first().waitFor();
  await reviewer.locator('[data-metric="lead-time"]').waitFor();
});

const position = () => reviewer.locator('.review-position').textContent();

describe('the review bar', () => {
  it('walks the findings with N and P whether Shift or Caps Lock is on', async () => {
    await reviewer.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await reviewer.keyboard.press('Shift+N');
    await expect.poll(position).toMatch(/^1 of \d+: /);
    await reviewer.keyboard.press('Shift+N');
    await expect.poll(position).toMatch(/^2 of \d+: /);
    await reviewer.keyboard.press('Shift+P');
    await expect.poll(position).toMatch(/^1 of \d+: /);
    // Caps Lock sends the capital letter without Shift.
    await reviewer.keyboard.press('CapsLock');
    await reviewer.keyboard.press('N');
    await reviewer.keyboard.press('CapsLock');
    await expect.poll(position).toMatch(/^2 of \d+: /);
  });

  it('names a waived join without a label by the steps it joins, as the plan does', async () => {
    await reviewer.locator('.disclosures > summary').click();
    const waivers = reviewer.getByRole('list', { name: 'Waived findings' });
    await expect.poll(() => waivers.textContent()).toContain('A person moves the work on “Paralegal re-reads contract → Contract signed”');
    expect(await waivers.textContent()).not.toContain('“j3”');
  });
});

describe('the Disclosures, with much to disclose', () => {
  /** A waiver with a reason as long as the form takes, one refused (an AI step's missing owner) and one stale. */
  function mapWithDisclosures(): StallMap {
    const map = loadFixture('contract-review');
    delete map.steps[1].owner;
    map.waivers = [
      { rule: 'human-join', target: 'j3', by: 'General Counsel', at: '2026-11-20', reason: `The board signs contracts by law. ${'Minutes of the board meeting follow. '.repeat(55)}` },
      { rule: 'no-accountable-owner', target: 'sum', by: 'VP Ops', at: '2026-11-21', reason: 'We will name one later' },
      { rule: 'override-rate', target: 'gone', by: 'VP Ops', at: '2026-11-21', reason: 'An old step' },
    ];
    return map;
  }

  it('open over the page, not inside the review bar, and scroll within the window to the last one', async () => {
    const created = await env.app.createMap(mapWithDisclosures());
    const { page, context } = await env.browser.person('COO');
    try {
      await page.goto(created.links.review);
      await page.locator('.react-flow__node').first().waitFor();
      const bar = page.locator('.review-bar');
      const closedHeight = (await bar.boundingBox())?.height;
      await page.locator('.disclosures > summary').click();
      const stale = page.getByRole('list', { name: 'Stale waivers' });
      await stale.waitFor();
      // The review bar (and the canvas below it) stays where it was: every list is in the one box over the page.
      expect((await bar.boundingBox())?.height).toBe(closedHeight);
      const box = await page.locator('.disclosures-body').boundingBox();
      expect(box && box.y + box.height).toBeLessThanOrEqual(page.viewportSize()?.height ?? 0);
      // The last disclosure, below a 2,000-character reason, is reached by scrolling the box.
      await stale.scrollIntoViewIfNeeded();
      const last = await stale.boundingBox();
      expect(last && box && last.y >= box.y && last.y + last.height <= box.y + box.height + 1).toBe(true);
    } finally {
      await context.close();
    }
  }, 60_000);
});
