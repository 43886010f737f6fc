import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { generateMap, placeOnGrid } from '../../bench/generate-map';
import { LIST_PAGE } from '../../src/canvas/PagedList';
import { loadFixture } from '../fixtures/load';
import { withAppAndBrowser } from './setup';

/**
 * A large map is analysed in a worker (findings/analysis.worker.ts), so its findings follow edits
 * without a long task on the page; a small one is analysed on the spot, as before. The worker is
 * seen as the page sees it start (its script is named for it by the build).
 */
const env = withAppAndBrowser();

const isAnalysisWorker = (url: string | URL) => /analysis\.worker/.test(String(url));

/** Opens a map, noting each worker the page starts (`workers`) and each that ended (`ended`). */
async function openWatchingWorkers(link: string, prepare?: (page: Page) => Promise<void>): Promise<{ page: Page; workers: string[]; ended: string[] }> {
  const { page } = await env.browser.person('Facilitator');
  await prepare?.(page);
  const workers: string[] = [];
  const ended: string[] = [];
  page.on('worker', (worker) => {
    workers.push(worker.url());
    worker.on('close', () => ended.push(worker.url()));
  });
  await page.goto(link);
  // Generous: a few hundred steps open in seconds, slower on a loaded CI machine.
  await page.locator('.react-flow__pane').waitFor({ timeout: 60_000 });
  await page.getByRole('tab', { name: /Findings/ }).click();
  return { page, workers, ended };
}

// Above the size from which the analysis leaves the page (WORKER_MIN_STEPS), small enough to open quickly.
describe('the analysis of a large map runs in a worker', () => {
  it('shows a 320-step map’s findings from a worker, and updates them after an edit', async () => {
    // Drawn on a grid, as a map that was laid out: opening it places nothing.
    const map = placeOnGrid(generateMap(320, 11), 20);
    // A person's step with no owner: its finding goes once someone is named.
    const step = map.steps.find((s) => s.kind === 'human' && !s.owner);
    if (!step) throw new Error('the generated map has no unowned step');
    const created = await env.app.createMap(map);
    const { page, workers, ended } = await openWatchingWorkers(created.links.edit);

    // Hundreds of findings, listed a page at a time: the rule's filter finds the step's.
    await expect.poll(() => page.locator('.findings .finding').count(), { timeout: 30_000 }).toBe(LIST_PAGE);
    await page.getByRole('combobox', { name: 'Rule' }).selectOption({ label: 'Nobody owns the step' });
    const finding = page.locator(`.finding[data-rule="no-accountable-owner"][data-target="${step.id}"]`);
    await finding.waitFor();
    expect(workers.filter(isAnalysisWorker)).toHaveLength(1);
    // The blocker is worded by the worker, with the analysis: it names a step of the map.
    await expect.poll(() => page.locator('[data-metric="blocker"]').textContent()).toMatch(/^Blocker: .*'[^']+'/);

    // Name an owner, from the finding's own link to the field at fault.
    await finding.locator('.finding-fix-field').click();
    const owner = page.locator('.inspector input[name="owner"]');
    await expect.poll(() => owner.evaluate((el) => el === document.activeElement)).toBe(true);
    await owner.fill('Ops lead');
    await page.getByRole('tab', { name: /Findings/ }).click();
    await expect.poll(() => finding.count(), { timeout: 20_000 }).toBe(0);
    expect(await page.locator('.findings .finding[data-rule="no-accountable-owner"]').count()).toBeGreaterThan(0);
    // Still the one worker: each edit is analysed by it, none starts another.
    expect(workers.filter(isAnalysisWorker)).toHaveLength(1);
    expect(ended.filter(isAnalysisWorker)).toHaveLength(0);

    // Another link to the map pasted into the tab opens another editor: the first one's worker ends.
    await page.goto(created.links.review);
    await expect.poll(() => ended.filter(isAnalysisWorker).length).toBe(1);
  }, 90_000);

  it('when the worker cannot load, analyses the map on the page instead, with one warning', async () => {
    const map = placeOnGrid(generateMap(320, 12), 20);
    const created = await env.app.createMap(map);
    const warnings: string[] = [];
    const { page } = await openWatchingWorkers(created.links.edit, async (page) => {
      // As a proxy or a content policy that blocks the worker's script would.
      await page.route(isAnalysisWorker, (route) => route.abort());
      page.on('console', (message) => {
        if (/analysis worker/.test(message.text())) warnings.push(message.type());
      });
    });
    await expect.poll(() => page.locator('.findings .finding').count(), { timeout: 30_000 }).toBe(LIST_PAGE);
    expect(warnings).toEqual(['warning']);
  }, 90_000);

  it('analyses a small map on the page itself, starting no worker for it', async () => {
    const created = await env.app.createMap(loadFixture('contract-review'));
    const { page, workers } = await openWatchingWorkers(created.links.edit);
    await page.locator('.findings .finding').first().waitFor();
    expect(workers.filter(isAnalysisWorker)).toHaveLength(0);
  }, 60_000);
});
