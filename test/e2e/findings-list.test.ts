import { describe, expect, it } from 'vitest';
import { generateMap, placeOnGrid } from '../../bench/generate-map';
import { LIST_PAGE } from '../../src/canvas/PagedList';
import { withAppAndBrowser } from './setup';

/**
 * A large map's findings are listed a page at a time (PagedList.tsx's LIST_PAGE): the tab
 * opens at once on thousands of findings, "Show more" adds the next page, and the filters reach
 * any one finding.
 */
const env = withAppAndBrowser();

describe('the findings list of a large map', () => {
  it('lists the first page, adds a page on request, counts every group, and finds any one finding through the filters', async () => {
    const map = placeOnGrid(generateMap(320, 11), 20);
    // The last person's step with no owner: far down the map, and so far down the list.
    const step = map.steps.findLast((s) => s.kind === 'human' && !s.owner);
    if (!step) throw new Error('the generated map has no unowned step');
    const created = await env.app.createMap(map);
    const { page } = await env.browser.person('Facilitator');
    await page.goto(created.links.edit);
    await page.locator('.react-flow__pane').waitFor({ timeout: 60_000 });
    await page.getByRole('tab', { name: /Findings/ }).click();

    const listed = page.locator('.findings .finding');
    const more = page.locator('.list-more');
    await expect.poll(() => listed.count(), { timeout: 30_000 }).toBe(LIST_PAGE);
    const [, total] = (await more.textContent())?.match(/^100 of ([\d,]+) shown/) ?? [];
    const all = Number(total?.replace(/,/g, ''));
    expect(all).toBeGreaterThan(2 * LIST_PAGE);

    await more.getByRole('button', { name: `Show ${LIST_PAGE} more` }).click();
    await expect.poll(() => listed.count()).toBe(2 * LIST_PAGE);
    expect(await more.textContent()).toMatch(new RegExp(`^200 of ${total} shown`));

    // By severity, each group has its own first page, and its heading counts the whole group.
    await page.getByRole('combobox', { name: 'Sort findings' }).selectOption('severity');
    await page.locator('.findings-group h3').first().waitFor();
    const groups = (await page.locator('.findings-group h3').allTextContents()).map((heading) => Number(heading.match(/\(([\d,]+)\)$/)?.[1].replace(/,/g, '')));
    expect(groups.reduce((sum, size) => sum + size, 0)).toBe(all);
    expect(await listed.count()).toBe(groups.reduce((sum, size) => sum + Math.min(size, LIST_PAGE), 0));

    // Not on a first page; the rule's filter brings it.
    const finding = page.locator(`.finding[data-rule="no-accountable-owner"][data-target="${step.id}"]`);
    expect(await finding.count()).toBe(0);
    await page.getByRole('combobox', { name: 'Rule' }).selectOption({ label: 'Nobody owns the step' });
    await finding.waitFor();
    expect(await listed.evaluateAll((items) => items.every((item) => item.getAttribute('data-rule') === 'no-accountable-owner'))).toBe(true);
    // The filter stays through a trip to the inspector to fix the finding.
    await finding.locator('.finding-fix-field').click();
    await page.getByRole('tab', { name: /Findings/ }).click();
    expect(await page.getByRole('combobox', { name: 'Rule' }).inputValue()).toBe('no-accountable-owner');
    await finding.waitFor();
  }, 90_000);

  it('lists today’s findings in the redesign view a page at a time, too', async () => {
    const map = placeOnGrid(generateMap(320, 12), 20);
    // A redesign with one step of today's map: its own findings are few, today's are hundreds.
    map.redesign = { steps: map.steps.filter((s) => s.kind === 'start'), joins: [] };
    const created = await env.app.createMap(map);
    const { page } = await env.browser.person('Designer');
    await page.goto(`${created.links.edit}&view=redesign`);
    await page.locator('.react-flow__pane').waitFor({ timeout: 60_000 });
    await page.getByRole('tab', { name: /Findings/ }).click();

    const today = page.locator('.todays-findings');
    await expect.poll(() => today.locator('.finding').count(), { timeout: 30_000 }).toBe(LIST_PAGE);
    const open = Number((await today.locator(':scope > summary').textContent())?.match(/\((\d+)\)/)?.[1]);
    expect(open).toBeGreaterThan(2 * LIST_PAGE);
    await expect.poll(() => today.locator('.list-more').textContent()).toMatch(new RegExp(`^100 of ${open} shown\\. Show 100 more$`));
    await today.getByRole('button', { name: `Show ${LIST_PAGE} more` }).click();
    await expect.poll(() => today.locator('.finding').count()).toBe(2 * LIST_PAGE);
  }, 90_000);
});
