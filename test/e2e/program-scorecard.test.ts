import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { CURRENT_VERSION, type StallMap } from '../../src/core/model';
import { loadFixture } from '../fixtures/load';
import type { CreatedMap } from './app';
import { withAppAndBrowser } from './setup';

/**
 * The people and the team's scores, end to end: an editor fills the Program panel, a reviewer
 * scores a surface with evidence, and a third person sees both live and in the plan they
 * download. A reviewer who tries to waive a missing owner on an AI step is told why not.
 */

/** The example map with the AI step's owner removed: an open no-accountable-owner error on an AI step. */
function fixture(): StallMap {
  const map = loadFixture('contract-review');
  delete map.steps[1].owner;
  return map;
}

const env = withAppAndBrowser();
let created: CreatedMap;
let editor: Page;
let reviewer: Page;
let viewer: Page;

beforeAll(async () => {
  created = await env.app.createMap(fixture());
  editor = (await env.browser.person('Facilitator')).page;
  reviewer = (await env.browser.person('COO')).page;
  viewer = (await env.browser.person('Board member')).page;
  await Promise.all([editor.goto(created.links.edit), reviewer.goto(created.links.review), viewer.goto(created.links.view)]);
  await Promise.all([editor, reviewer, viewer].map((page) => page.locator('.react-flow__node').first().waitFor()));
});

describe('the program and the team’s scorecard', () => {
  it('an editor fills the Program panel; another person sees it live', async () => {
    await editor.getByRole('button', { name: 'Program', exact: true }).click();
    const panel = editor.getByRole('dialog', { name: 'Program' });
    await panel.getByLabel('Sponsor (chairs the steering)').fill('General Counsel');
    await panel.getByLabel('Program lead (accountable for the production date)').fill('Dana Ortiz');
    await panel.getByLabel('90-day milestone (one binary thing in production)').fill('Summaries reach the paralegal by API');
    await panel.getByLabel('Due').fill('2027-03-01');
    await panel.getByRole('button', { name: 'Add a measure' }).click();
    await panel.getByLabel('Measure', { exact: true }).fill('Override rate');
    await panel.getByLabel('Target').fill('at most 15%');
    await panel.getByLabel('Owner').fill('Legal Ops lead');
    await panel.getByLabel('Cadence').fill('weekly');
    await panel.getByRole('button', { name: 'Save program' }).click();
    await expect.poll(() => panel.count()).toBe(0);

    await expect.poll(async () => (await env.app.getMap(created.id, created.links.view)).program).toEqual({
      sponsor: 'General Counsel',
      lead: 'Dana Ortiz',
      milestone: { text: 'Summaries reach the paralegal by API', due: '2027-03-01' },
      measures: [{ name: 'Override rate', target: 'at most 15%', owner: 'Legal Ops lead', cadence: 'weekly' }],
    });
    await viewer.getByRole('button', { name: 'Program', exact: true }).click();
    const seen = viewer.getByRole('dialog', { name: 'Program' });
    await expect.poll(() => seen.getByLabel('Program lead (accountable for the production date)').inputValue()).toBe('Dana Ortiz');
    expect(await seen.getByRole('button', { name: 'Save program' }).count()).toBe(0);
    await seen.getByRole('button', { name: 'Close' }).click();
  });

  it('a reviewer scores a surface with evidence; another person sees it live, beside the computed score', async () => {
    await reviewer.getByRole('button', { name: 'Scorecard', exact: true }).click();
    const workflow = reviewer.locator('.scorecard-panel [data-surface="workflow"]');
    await workflow.getByRole('button', { name: 'Score this surface…' }).click();
    await workflow.getByLabel('Score').selectOption('2');
    await workflow.getByLabel('Evidence (what you saw, not what you hope)').fill('Paralegals re-read every contract in full');
    await workflow.getByRole('button', { name: 'Record score' }).click();
    await expect.poll(() => workflow.locator('[data-team-score]').textContent()).toContain('2 of 5, Paralegals re-read every contract in full (COO');
    await reviewer.getByRole('button', { name: 'Close' }).click();

    await viewer.getByRole('button', { name: 'Scorecard', exact: true }).click();
    const seen = viewer.locator('.scorecard-panel [data-surface="workflow"]');
    await expect.poll(() => seen.locator('[data-team-score]').textContent()).toContain('Paralegals re-read every contract in full');
    expect(await seen.locator('[data-computed-score]').textContent()).toMatch(/Computed: 1 of 5/);
    expect(await viewer.locator('.scorecard-panel [data-surface="stabilization"] [data-computed-score]').textContent()).toContain('not assessed');
    await viewer.getByRole('button', { name: 'Close' }).click();
  });

  it('puts both in the plan another person downloads', async () => {
    await viewer.getByRole('button', { name: 'Plan', exact: true }).click();
    await viewer.locator('.plan-document h1').waitFor();
    const [download] = await Promise.all([viewer.waitForEvent('download'), viewer.getByRole('button', { name: 'Download Markdown' }).click()]);
    const markdown = readFileSync((await download.path()) as string, 'utf8');
    expect(markdown).toContain('- **Sponsor:** General Counsel');
    expect(markdown).toContain('- **Program lead:** Dana Ortiz');
    expect(markdown).toContain('- **90-day milestone:** Summaries reach the paralegal by API (due 2027-03-01)');
    expect(markdown).toContain('| Override rate | at most 15% | Legal Ops lead | weekly |');
    expect(markdown).toMatch(/\| \*\*workflow\*\* \(dominant\) \| \*\*1\*\* \(stall driver\) \| .+ \| 2: Paralegals re-read every contract in full, COO \|/);
    expect(markdown).toContain('**Who decides to expand or roll back:** Dana Ortiz (program lead).');
    await viewer.getByRole('button', { name: 'Close' }).click();
  });

  it('tells a reviewer who tries to waive a missing owner on an AI step why not, and writes no waiver', async () => {
    await reviewer.getByRole('tab', { name: /Findings/ }).click();
    const finding = reviewer.locator('.finding[data-rule="no-accountable-owner"][data-target="sum"]');
    await finding.getByRole('button', { name: 'Waive…' }).click();
    await expect.poll(() => finding.getByRole('alert').textContent()).toMatch(/^Accountability cannot be waived: an AI step needs a named owner/);
    expect(await finding.locator('.waive-form').count()).toBe(0);
    const stored = await env.app.getMap(created.id, created.links.view);
    expect(stored.waivers.filter((w) => w.rule === 'no-accountable-owner')).toEqual([]);
  });

  it('keeps the keyboard in a dialog while it is open, closes it on Esc and gives the focus back to its button', async () => {
    for (const name of ['Program', 'Scorecard'] as const) {
      const button = viewer.getByRole('button', { name, exact: true });
      await button.focus();
      await viewer.keyboard.press('Enter');
      const dialog = viewer.getByRole('dialog', { name });
      await dialog.waitFor();
      for (let i = 0; i < 12; i++) {
        await viewer.keyboard.press(i % 4 === 3 ? 'Shift+Tab' : 'Tab');
        expect(await dialog.evaluate((el) => el.contains(document.activeElement))).toBe(true);
      }
      await viewer.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      expect(await button.evaluate((el) => el === document.activeElement)).toBe(true);
    }
  });

  it('shows a reviewer locked out of a surface someone else scored where to comment: its findings, with a comment box', async () => {
    const scored: StallMap = { ...fixture(), version: CURRENT_VERSION as StallMap['version'], assessment: { workflow: { score: 4, evidence: 'Fast enough', by: 'Facilitator', at: '2026-11-20' } } };
    const map = await env.app.createMap(scored);
    const page = (await env.browser.person('COO')).page;
    await page.goto(map.links.review);
    await page.locator('[data-metric="lead-time"]').waitFor();
    await page.getByRole('button', { name: 'Scorecard', exact: true }).click();
    const row = page.locator('[data-surface="workflow"]');
    await expect.poll(() => row.textContent()).toContain('Scored by Facilitator');
    await row.getByRole('button', { name: 'Comment on its findings' }).click();
    await page.getByRole('dialog', { name: 'Scorecard' }).waitFor({ state: 'detached' });
    expect(await page.getByLabel('Surface').inputValue()).toBe('workflow');
    const findings = page.locator('.finding');
    expect(await findings.count()).toBeGreaterThan(0);
    await findings.first().getByRole('button', { name: /^Comments/ }).click();
    await expect.poll(() => findings.first().getByLabel('New comment').count()).toBe(1);
    await page.context().close();
  });
});
