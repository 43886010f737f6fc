import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
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
    await expect.poll(() => waivers.textContent()).toContain('human-join on “Paralegal re-reads contract → Contract signed”');
    expect(await waivers.textContent()).not.toContain('“j3”');
  });
});
