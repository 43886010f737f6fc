import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { generateMap } from '../../bench/generate-map';
import { loadFixture } from '../fixtures/load';
import { connect, synced } from '../server/helpers';
import { withAppAndBrowser } from './setup';

/**
 * axe-core's scan of the map page, as an editor and through a review link: no serious or critical
 * violation, and none of the rules by which a screen reader finds the parts of a page (one main
 * landmark, a level-one heading, everything inside a landmark). axe's source comes from
 * node_modules and is put into the page as a script: no network.
 */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// A room of three connections, so that one test can fill a map and scan the page waiting outside it.
const env = withAppAndBrowser({ maxRoomConnections: 3 });
const opened: BrowserContext[] = [];
const colleagues: ReturnType<typeof connect>[] = [];

afterEach(async () => {
  for (const context of opened.splice(0)) await context.close();
  for (const { provider, doc } of colleagues.splice(0)) {
    provider.destroy();
    doc.destroy();
  }
});

/** `count` colleagues on a map's review link through the stock client, in the map once this resolves. */
async function colleaguesOn(created: { id: string; tokens: { review: string } }, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const colleague = connect(env.app.syncUrl, created.id, created.tokens.review);
    colleague.provider.awareness.setLocalStateField('user', { name: `Board member ${i + 1}`, color: '#1d4ed8' });
    colleagues.push(colleague);
  }
  await Promise.all(colleagues.map(({ provider }) => synced(provider)));
}

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** Moderate in axe's scale, but they are how a screen reader user moves around the page. */
const STRUCTURE_RULES = ['landmark-one-main', 'page-has-heading-one', 'region', 'aria-allowed-role'];

/** The serious and critical violations on the page as it is now (and the structure rules'), each with the elements at fault. */
async function seriousViolations(page: Page): Promise<Violation[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async (structure) => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical' || structure.includes(v.id))
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  }, STRUCTURE_RULES);
}

/**
 * Names that more than one button of the open dialog has (the name as a screen reader gives it:
 * its aria-label, else its text). A list of the dialog's buttons cannot tell such buttons apart.
 */
async function repeatedButtonNames(page: Page): Promise<string[]> {
  const names = await page
    .locator('[role="dialog"], dialog[open]')
    .last()
    .getByRole('button')
    .evaluateAll((buttons) => buttons.map((button) => (button.getAttribute('aria-label') ?? button.textContent ?? '').trim()));
  return [...new Set(names.filter((name, i) => names.indexOf(name) !== i))];
}

/** A person as launchBrowser's `person` makes one, in a context that lets the test add axe's script past the page's CSP. */
async function open(link: string, name: string): Promise<Page> {
  const context = await env.browser.browser.newContext({ viewport: { width: 1400, height: 900 }, bypassCSP: true });
  opened.push(context);
  await context.addInitScript((who) => localStorage.setItem('stallmap:name', who), name);
  const page = await context.newPage();
  await page.goto(link);
  // A step React Flow draws, or a box drawn from afar on a map zoomed out.
  await page.locator('.react-flow__node, .far-step').first().waitFor();
  await page.locator('.connection.is-connected').waitFor();
  await page.locator('.summary-triage').waitFor();
  return page;
}

describe('axe-core scan of the map page', () => {
  it('finds no serious or critical violation for an editor, with a step in the inspector', async () => {
    const created = await env.app.createMap(loadFixture('contract-review'));
    const page = await open(created.links.edit, 'Facilitator');
    await page.locator('.react-flow__node[data-id="sum"]').click();
    await page.locator('.inspector input[name="owner"]').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  }, 60_000);

  it('finds no serious or critical violation on a map zoomed out, its steps boxes drawn from afar', async () => {
    const map = generateMap(300, 5);
    map.steps.forEach((step, i) => {
      step.position = { x: (i % 15) * 260, y: Math.floor(i / 15) * 180 };
    });
    const created = await env.app.createMap(map);
    const page = await open(created.links.edit, 'Facilitator');
    await expect.poll(() => page.locator('.far-step').count(), { timeout: 20_000 }).toBe(map.steps.length);
    expect(await seriousViolations(page)).toEqual([]);
  }, 60_000);

  it('finds no serious or critical violation in the program, scorecard, share and plan dialogs (nor two buttons of one name in a dialog), the redesign and the compare view, over a map with flagged joins', async () => {
    const created = await env.app.createMap(loadFixture('marketing-content'));
    const page = await open(created.links.edit, 'Facilitator');
    const found: Record<string, Violation[]> = {};
    const repeated: Record<string, string[]> = {};
    for (const [name, opened, close] of [
      ['Program', '#program-title', 'Cancel'],
      ['Scorecard', '#scorecard-title', 'Close'],
      ['Share', '#share-title', 'Close'],
      ['Plan', '.plan-overlay', 'Close'],
    ] as const) {
      await page.getByRole('button', { name, exact: true }).click();
      await page.locator(opened).waitFor();
      found[name] = await seriousViolations(page);
      repeated[name] = await repeatedButtonNames(page);
      await page.getByRole('button', { name: close, exact: true }).click();
      await page.locator(opened).waitFor({ state: 'detached' });
    }
    // Share, asking before it replaces a link.
    await page.getByRole('button', { name: 'Share', exact: true }).click();
    await page.getByRole('button', { name: 'Make new link: review link' }).click();
    await page.locator('.share-confirm').waitFor();
    found['Share, asking before a new link'] = await seriousViolations(page);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.locator('#share-title').waitFor({ state: 'detached' });
    // The redesign view: today's findings to apply, the redesign's figures.
    await page.locator('.view-toggle button[data-view="redesign"]').click();
    await page.locator('.react-flow__node').first().waitFor();
    found.Redesign = await seriousViolations(page);
    // The compare view: both states, the table, the changes, one chosen.
    await page.locator('.view-toggle button[data-view="compare"]').click();
    await page.locator('[data-compare-state="redesign"] .react-flow__node').first().waitFor();
    await page.locator('[data-change-id="legal"]').click();
    found.Compare = await seriousViolations(page);
    expect(found).toEqual({ Program: [], Scorecard: [], Share: [], Plan: [], 'Share, asking before a new link': [], Redesign: [], Compare: [] });
    expect(repeated).toEqual({ Program: [], Scorecard: [], Share: [], Plan: [] });
  }, 60_000);

  it('finds no serious or critical violation on a first visit: the home page, and the name a map asks for', async () => {
    const context = await env.browser.browser.newContext({ viewport: { width: 1400, height: 900 }, bypassCSP: true });
    opened.push(context);
    const page = await context.newPage();
    await page.goto(env.app.url);
    await page.locator('#new-title').waitFor();
    const home = await seriousViolations(page);
    await page.goto((await env.app.createMap({})).links.edit);
    await page.getByRole('dialog', { name: 'Who are you?' }).waitFor();
    expect({ home, namePrompt: await seriousViolations(page) }).toEqual({ home: [], namePrompt: [] });
  }, 60_000);

  it('finds no serious or critical violation through a review link, walking the findings', async () => {
    const created = await env.app.createMap(loadFixture('contract-review'));
    const page = await open(created.links.review, 'COO');
    await page.locator('.workspace.review-mode').waitFor();
    await page.keyboard.press('n');
    await page.locator('.review-position').filter({ hasText: /^1 of/ }).waitFor();
    await page.getByRole('tab', { name: /Findings/ }).click();
    await page.locator('.finding details > summary').first().click();
    expect(await seriousViolations(page)).toEqual([]);
  }, 60_000);

  it('finds no serious or critical violation with colleagues on the map and their cursors hidden', async () => {
    const created = await env.app.createMap(loadFixture('contract-review'));
    await colleaguesOn(created, 1);
    const page = await open(created.links.edit, 'Facilitator');
    const toggle = page.getByRole('button', { name: 'Others’ cursors' });
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('false');
    expect(await seriousViolations(page)).toEqual([]);
  }, 60_000);

  it('finds no serious or critical violation while a leader is told their score was not kept', async () => {
    const created = await env.app.createMap(loadFixture('contract-review'));
    const [mine, theirs] = [await open(created.links.review, 'Leader B'), await open(created.links.review, 'Leader A')];
    for (const [page, evidence] of [
      [mine, 'Contracts wait a week for the committee'],
      [theirs, 'Paralegals re-read every contract'],
    ] as const) {
      await page.getByRole('button', { name: 'Scorecard', exact: true }).click();
      await page.locator('[data-surface="workflow"]').getByRole('button', { name: 'Score this surface…' }).click();
      await page.getByLabel('Evidence (what you saw, not what you hope)').fill(evidence);
    }
    await theirs.getByRole('button', { name: 'Record score' }).click();
    await mine.locator('.score-unkept').waitFor();
    expect(await seriousViolations(mine)).toEqual([]);
  }, 60_000);

  it('finds no serious or critical violation on a page waiting outside a full map', async () => {
    const created = await env.app.createMap(loadFixture('contract-review'));
    await colleaguesOn(created, 3);
    const context = await env.browser.browser.newContext({ viewport: { width: 1400, height: 900 }, bypassCSP: true });
    opened.push(context);
    await context.addInitScript(() => localStorage.setItem('stallmap:name', 'Leader'));
    const page = await context.newPage();
    await page.goto(created.links.review);
    await expect.poll(() => page.locator('.banner.refusal').textContent()).toContain('The map is full');
    await page.locator('.review-position').filter({ hasText: 'Reading the map…' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  }, 60_000);
});
