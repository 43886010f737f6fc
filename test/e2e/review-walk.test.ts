import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { generateMap, placeOnGrid } from '../../bench/generate-map';
import { LIST_PAGE } from '../../src/canvas/PagedList';
import type { StallMap } from '../../src/core/model';
import { loadFixture } from '../fixtures/load';
import { stepNode } from './canvas';
import { withAppAndBrowser } from './setup';

/**
 * The review walk (N / P, the review bar's buttons) lands where a reviewer acts on the finding:
 * its card in the Findings tab, in view, marked, its comments open and Waive… beside them, while
 * the canvas selects and centres its element. It goes in the order the list shows: "1 of 4" is
 * the list's first card.
 */
const env = withAppAndBrowser();

/** The example map with the AI step's owner removed: four open findings, by impact j3's, chk's, j2's, then sum's. */
function reviewFixture(): StallMap {
  const map = loadFixture('contract-review');
  delete map.steps[1].owner;
  return map;
}

/** The cards the findings list shows, in its order, each as rule:first target. */
const listed = (page: Page) => page.locator('.findings .finding').evaluateAll((items) => items.map((li) => `${li.getAttribute('data-rule')}:${li.getAttribute('data-target')}`));
const walkedCard = (page: Page) => page.locator('.findings .finding[aria-current="step"]');
const walked = async (page: Page) => {
  const card = walkedCard(page);
  return `${await card.getAttribute('data-rule')}:${await card.getAttribute('data-target')}`;
};
const position = (page: Page) => page.locator('.review-position').textContent();

/** Presses a key of the walk and waits for the bar to say the position it expects. */
async function walk(page: Page, key: 'n' | 'p', expected: RegExp): Promise<void> {
  await page.keyboard.press(key);
  await expect.poll(() => position(page)).toMatch(expected);
}

/** A select keeps the letters typed in it: the walk's keys are pressed from the canvas. */
const leaveTheFilters = (page: Page) => page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });

/** Whether the card is wholly inside the findings list's box, where it is seen without scrolling. */
const inView = (page: Page) =>
  walkedCard(page).evaluate((card) => {
    const list = card.closest('.findings')?.getBoundingClientRect();
    const box = card.getBoundingClientRect();
    return Boolean(list && box.top >= list.top - 1 && box.top < list.bottom && box.height > 0);
  });

describe('the review walk, on a review link', () => {
  let page: Page;
  beforeAll(async () => {
    const created = await env.app.createMap(reviewFixture());
    page = (await env.browser.person('COO')).page;
    await page.goto(created.links.review);
    await page.locator('.react-flow__node').first().waitFor();
    await page.locator('[data-metric="lead-time"]').waitFor();
  });

  it('N lands on the list’s first card, in the Findings tab, ready to comment or waive; the canvas selects its element', async () => {
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await walk(page, 'n', /^1 of 4: /);
    expect(await page.getByRole('tab', { name: /Findings/ }).getAttribute('aria-selected')).toBe('true');
    const order = await listed(page);
    expect(order[0]).toBe('work-did-not-move:j3');
    expect(await walked(page)).toBe(order[0]);
    expect(await position(page)).toContain((await walkedCard(page).locator('.finding-message').textContent()) ?? '-');
    const card = walkedCard(page);
    expect(await card.getByRole('textbox', { name: 'New comment' }).isVisible()).toBe(true);
    expect(await card.getByRole('button', { name: 'Waive…' }).isVisible()).toBe(true);
    expect(await inView(page)).toBe(true);
    await expect.poll(() => page.locator('.react-flow__edge[data-testid="rf__edge-j3"]').getAttribute('class')).toContain('selected');

    // The next: the list's second card, and the canvas on its step.
    await walk(page, 'n', /^2 of 4: /);
    expect(await walked(page)).toBe(order[1]);
    expect(await walkedCard(page).count()).toBe(1);
    await expect.poll(() => stepNode(page, 'chk').getAttribute('class')).toContain('selected');
  });

  it('walks in the list’s order whichever way it is sorted, and from where it was when the sort changes', async () => {
    const byImpact = await listed(page);
    await walk(page, 'n', /^3 of 4: /);
    expect(await walked(page)).toBe(byImpact[2]);
    await walk(page, 'n', /^4 of 4: /);
    expect(await walked(page)).toBe(byImpact[3]);
    await walk(page, 'n', /^1 of 4: /);
    expect(await walked(page)).toBe(byImpact[0]);

    await page.getByRole('combobox', { name: 'Sort findings' }).selectOption('severity');
    await page.locator('.findings-group').first().waitFor();
    await leaveTheFilters(page);
    const bySeverity = await listed(page);
    expect(bySeverity).not.toEqual(byImpact);
    // Still on the same finding: the bar says where it now is in the list.
    const at = bySeverity.indexOf(byImpact[0]);
    await expect.poll(() => position(page)).toMatch(new RegExp(`^${at + 1} of 4: `));
    for (let i = 1; i <= 4; i++) {
      const next = (at + i) % 4;
      await walk(page, 'n', new RegExp(`^${next + 1} of 4: `));
      expect(await walked(page)).toBe(bySeverity[next]);
    }
    await walk(page, 'p', new RegExp(`^${((at + 3) % 4) + 1} of 4: `));
    expect(await walked(page)).toBe(bySeverity[(at + 3) % 4]);
    await page.getByRole('combobox', { name: 'Sort findings' }).selectOption('impact');
    await leaveTheFilters(page);
  });

  it('goes on from a card clicked in the list: N after the third card is the fourth', async () => {
    const order = await listed(page);
    await page.locator('.findings .finding').nth(2).locator('.finding-open').click();
    await expect.poll(() => walked(page)).toBe(order[2]);
    await expect.poll(() => position(page)).toMatch(/^3 of 4: /);
    await leaveTheFilters(page);
    await walk(page, 'n', /^4 of 4: /);
    expect(await walked(page)).toBe(order[3]);
  });

  it('a finding the list’s filters hide is shown: the walk goes through every open finding', async () => {
    await page.getByRole('combobox', { name: 'Rule' }).selectOption('no-accountable-owner');
    await expect.poll(() => listed(page)).toEqual(['no-accountable-owner:sum']);
    await leaveTheFilters(page);
    // Three of the four findings are hidden: two steps of the walk reach one of them.
    await page.keyboard.press('n');
    await page.keyboard.press('n');
    await expect.poll(() => page.getByRole('combobox', { name: 'Rule' }).inputValue()).toBe('');
    expect(await walkedCard(page).count()).toBe(1);
    expect(await position(page)).toMatch(/^\d of 4: /);
  });

  it('after the walked finding is waived on its card, N goes to the one that took its place, not past it', async () => {
    const order = await listed(page);
    const at = order.indexOf('verification-exceeds-work:chk');
    const after = order[at + 1];
    for (let i = 0; i < 4 && (await walked(page)) !== order[at]; i++) await page.keyboard.press('n');
    expect(await walked(page)).toBe(order[at]);
    const card = walkedCard(page);
    await card.getByRole('button', { name: 'Waive…' }).click();
    await card.locator('textarea[name="reason"]').fill('Regulator requires a full read this quarter');
    await card.getByRole('button', { name: 'Accept the risk' }).click();
    await expect.poll(() => listed(page)).not.toContain(order[at]);
    await walk(page, 'n', new RegExp(`^${at + 1} of 3: `));
    expect(await walked(page)).toBe(after);
  });
});

describe('the review walk, on an edit link', () => {
  it('lands on the card too, whose "Open in the inspector" shows the element’s fields', async () => {
    const created = await env.app.createMap(reviewFixture());
    const { page, context } = await env.browser.person('Facilitator');
    try {
      await page.goto(created.links.edit);
      await page.locator('.react-flow__node').first().waitFor();
      await page.locator('[data-metric="lead-time"]').waitFor();
      await page.getByRole('checkbox', { name: 'Review mode' }).check();
      const order = await (async () => {
        await walk(page, 'n', /^1 of 4: /);
        return listed(page);
      })();
      const at = order.indexOf('human-join:j2');
      for (let i = 0; i < at; i++) await walk(page, 'n', new RegExp(`^${i + 2} of 4: `));
      expect(await walked(page)).toBe('human-join:j2');
      await walkedCard(page).locator('.finding-fix-field').click();
      expect(await page.getByRole('tab', { name: 'Inspector' }).getAttribute('aria-selected')).toBe('true');
      // Review mode shows the fields, not to be changed in it: as the walk showed them before it went to the card.
      expect(await page.locator('.inspector [name="handoff"]').isVisible()).toBe(true);
      await expect.poll(() => page.locator('.react-flow__edge[data-testid="rf__edge-j2"]').getAttribute('class')).toContain('selected');
    } finally {
      await context.close();
    }
  }, 60_000);
});

describe('the review walk, on a map with more findings than a page of the list', () => {
  it('P from the start goes to the last finding, whose card is listed and scrolled into view', async () => {
    const map = placeOnGrid(generateMap(80, 11), 20);
    const created = await env.app.createMap(map);
    const { page, context } = await env.browser.person('COO');
    try {
      await page.goto(created.links.review);
      await page.locator('.react-flow__node, .far-step').first().waitFor({ timeout: 30_000 });
      await page.getByRole('tab', { name: /Findings/ }).click();
      await expect.poll(() => page.locator('.findings .finding').count(), { timeout: 30_000 }).toBe(LIST_PAGE);
      const total = Number((await page.locator('.list-more').textContent())?.match(/of (\d+) shown/)?.[1]);
      expect(total).toBeGreaterThan(LIST_PAGE);

      await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
      await walk(page, 'p', new RegExp(`^${total} of ${total}: `));
      const order = await listed(page);
      expect(order).toHaveLength(total);
      expect(await walked(page)).toBe(order.at(-1));
      await expect.poll(() => inView(page)).toBe(true);
    } finally {
      await context.close();
    }
  }, 90_000);
});
