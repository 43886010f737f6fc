import { afterEach, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { CURRENT_VERSION, type StallMap, type Step } from '../../src/core/model';
import { withAppAndBrowser } from './setup';

/** What the page counts, it says as a person would: "1 join", never "1 joins" (core/plural.ts). */
const env = withAppAndBrowser();
const opened: BrowserContext[] = [];

afterEach(async () => {
  for (const context of opened.splice(0)) await context.close();
});

const step = (id: string, kind: Step['kind'], x: number): Step => ({ id, kind, label: id, position: { x, y: 0 } });

/** Steps in a row, each joined to the next by a system hand-off. */
function chain(id: string, steps: Step[]): StallMap {
  const joins = steps.slice(1).map((to, i) => ({ id: `j${i}`, from: steps[i].id, to: to.id, handoff: 'system' as const }));
  return { format: 'stallmap/map', version: CURRENT_VERSION as StallMap['version'], id, title: id, steps, joins, waivers: [], comments: [] };
}

async function open(link: string): Promise<Page> {
  const { context, page } = await env.browser.person('Facilitator');
  opened.push(context);
  await page.goto(link);
  await page.locator('.react-flow__node').first().waitFor();
  return page;
}

const file = (map: StallMap) => ({ name: `${map.id}.json`, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(map)) });

describe('counts in words', () => {
  it('the map inspector and the import choice say "1 step" and "1 join"', async () => {
    const created = await env.app.createMap(chain('two', [step('in', 'start', 0), step('out', 'end', 300)]));
    const page = await open(created.links.edit);
    await page.getByRole('tab', { name: 'Inspector' }).click();
    await expect.poll(() => page.locator('.inspector .field-hint').last().textContent()).toBe('2 steps, 1 join. Select a step or join to edit it.');

    const choice = page.getByRole('dialog', { name: /Import/ });
    await page.locator('[data-testid="import-file"]').setInputFiles(file(chain('one', [step('in', 'start', 0)])));
    await expect.poll(() => choice.locator('p').first().textContent()).toBe('The file holds “one”: 1 step and 0 joins.');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.locator('[data-testid="import-file"]').setInputFiles(file(chain('two', [step('in', 'start', 0), step('out', 'end', 300)])));
    await expect.poll(() => choice.locator('p').first().textContent()).toBe('The file holds “two”: 2 steps and 1 join.');
  }, 60_000);

  it('review mode says "1 open finding"', async () => {
    // Its one finding: the human step has no accountable owner.
    const created = await env.app.createMap(chain('three', [step('in', 'start', 0), step('read', 'human', 250), step('out', 'end', 500)]));
    const page = await open(created.links.review);
    await expect.poll(() => page.locator('.review-position').textContent()).toBe('1 open finding: press N to go to it');
  }, 60_000);
});
