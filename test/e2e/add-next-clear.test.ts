import { afterEach, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { loadFixture } from '../fixtures/load';
import { settle, stepNode } from './canvas';
import { withAppAndBrowser } from './setup';

/**
 * "Add next" beside a selected step covers no other step: in the contract-review example the
 * steps stand side by side, and the bar to the right of one hid the label of the next.
 */
const env = withAppAndBrowser();
const opened: BrowserContext[] = [];

afterEach(async () => {
  for (const context of opened.splice(0)) await context.close();
});

describe('the add-next bar', () => {
  it('leaves the labels of the steps beside the selected one in sight', async () => {
    const created = await env.app.createMap(loadFixture('contract-review'));
    const { context, page } = await env.browser.person('Facilitator');
    opened.push(context);
    await page.goto(created.links.edit);
    await page.locator('.connection.is-connected').waitFor();
    await settle(page);
    const covered: string[] = [];
    for (const id of ['in', 'sum', 'chk']) {
      await stepNode(page, id).click();
      const bar = page.locator('.add-next');
      await bar.waitFor();
      const box = await bar.boundingBox();
      if (!box) throw new Error('no add-next bar');
      const under = await page.locator('.react-flow__node').evaluateAll(
        (nodes, b) =>
          nodes
            .filter((n) => {
              const r = n.getBoundingClientRect();
              return r.left < b.x + b.width && b.x < r.right && r.top < b.y + b.height && b.y < r.bottom;
            })
            .map((n) => n.getAttribute('data-id')),
        box,
      );
      if (under.length) covered.push(`${id}'s bar covers ${under.join(', ')}`);
      // Still all seven kinds, reached from the step with Tab.
      expect(await bar.getByRole('button').count()).toBe(7);
    }
    expect(covered).toEqual([]);
  }, 60_000);
});
