import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { StallMap, Step } from '../../src/core/model';
import type { CreatedMap } from './app';
import { stepNode } from './canvas';
import { withAppAndBrowser } from './setup';

const env = withAppAndBrowser();

/**
 * A line of 18 people's steps, then an AI draft, then a check of it: 19 work steps the check could
 * check, more than the picker lists whole. Laid out six to a row, so every step is drawn whole.
 */
function longLine(): StallMap {
  const work: Step[] = Array.from({ length: 18 }, (_, i) => ({ id: `w${i + 1}`, kind: 'human', label: `Work ${i + 1}`, owner: 'Ops' }));
  const steps: Step[] = [
    { id: 'start', kind: 'start', label: 'Request in' },
    ...work,
    { id: 'draft', kind: 'ai', label: 'AI drafts the letter' },
    { id: 'check', kind: 'verification', label: 'Nurse checks the letter', owner: 'Clinical ops' },
    { id: 'end', kind: 'end', label: 'Sent' },
  ].map((step, i) => ({ ...step, position: { x: (i % 6) * 260, y: Math.floor(i / 6) * 180 } }) as Step);
  const joins = steps.slice(1).map((step, i) => ({ id: `j${i}`, from: steps[i].id, to: step.id, handoff: 'system' as const }));
  return { format: 'stallmap/map', version: 2, id: 'long-line', title: 'A long line', steps, joins, waivers: [], comments: [] };
}

let created: CreatedMap;
let page: Page;

const listed = () => page.locator('.inspector fieldset.verifies label.check').allTextContents();

beforeAll(async () => {
  created = await env.app.createMap(longLine());
  page = (await env.browser.person('Facilitator')).page;
  await page.goto(created.links.edit);
  await page.locator('[data-metric="lead-time"]').waitFor();
  await page.getByRole('tab', { name: 'Inspector' }).click();
  await stepNode(page, 'check').click();
  await page.locator('.inspector fieldset.verifies').waitFor();
});

describe('the steps a check checks, on a map with many', () => {
  it('lists the steps nearest upstream first, a few of them, and says how many more a search finds', async () => {
    expect(await listed()).toEqual(['AI drafts the letter', 'Work 18', 'Work 17', 'Work 16', 'Work 15', 'Work 14', 'Work 13', 'Work 12']);
    expect(await page.locator('.inspector fieldset.verifies').textContent()).toContain('11 more: find one by its label.');
  });

  it('finds a step by its label, in any case, and keeps a ticked step listed first once the search is cleared', async () => {
    const search = page.getByRole('searchbox', { name: 'Find a step it checks' });
    await search.fill('WORK 1');
    // Work 1 and Work 10 to 18: the first eight, and one more.
    expect(await listed()).toEqual(['Work 1', 'Work 10', 'Work 11', 'Work 12', 'Work 13', 'Work 14', 'Work 15', 'Work 16']);
    expect(await page.locator('.inspector fieldset.verifies').textContent()).toContain('2 more match: type more of the label.');
    await search.fill('work 3');
    expect(await listed()).toEqual(['Work 3']);
    // Clicked, not check()ed: the box shows what the doc holds, a frame after the click.
    const box = page.locator('.inspector fieldset.verifies label.check', { hasText: 'Work 3' }).locator('input');
    await box.click();
    await expect.poll(() => box.isChecked()).toBe(true);
    await expect.poll(async () => ((await env.app.getMap(created.id, created.links.edit)) as StallMap).steps.find((s) => s.id === 'check')?.verifies).toEqual(['w3']);

    await search.fill('nothing like it');
    expect(await listed()).toEqual(['Work 3']);
    expect(await page.locator('.inspector fieldset.verifies').textContent()).toContain('No other step\'s label has "nothing like it".');
    await search.fill('');
    expect((await listed()).slice(0, 2)).toEqual(['Work 3', 'AI drafts the letter']);
  });
});
