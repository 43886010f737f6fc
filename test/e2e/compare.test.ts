import { readFileSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type * as Y from 'yjs';
import { client } from '../../bench/sync-clients';
import { redesignJoinsOf, redesignStepsOf } from '../../src/collab/doc';
import { MAP_KEYWORD, readPngText } from '../../src/core/picture/png-text';
import { loadFixture } from '../fixtures/load';
import type { CreatedMap } from './app';
import { withAppAndBrowser } from './setup';

/**
 * The compare view on the marketing-content example (test/fixtures/marketing-content.json,
 * created through the API with its `redesign` part): today 14,178 min (1w 2d 20h 18m), the
 * redesign 960 min (16h). The redesign removes the editor's pass (`edit`, with its joins `j2`,
 * `j3`), adds a system style check (`style`, joined by `k1`, `k2`), names legal's owner and cuts
 * its wait (`legal`), turns the committee and the re-keying into system joins (`j4`, `j5`) and
 * samples QA (`qa`). Then the plan and the exports of either state.
 */
const env = withAppAndBrowser();
let created: CreatedMap;
let facilitator: Page;
let designer: Page;

const pane = (page: Page, state: 'now' | 'redesign') => page.locator(`[data-compare-state="${state}"]`);
const node = (page: Page, state: 'now' | 'redesign', id: string) => pane(page, state).locator(`.react-flow__node[data-id="${id}"]`);
const edge = (page: Page, state: 'now' | 'redesign', id: string) => pane(page, state).locator(`.react-flow__edge[data-id="${id}"]`);
const classes = async (locator: ReturnType<Page['locator']>) => ((await locator.getAttribute('class')) ?? '').split(/\s+/);
const row = (page: Page, figure: string) => page.locator(`.before-after tr[data-figure="${figure}"] td`);

async function openCompare(page: Page): Promise<void> {
  await page.locator('.view-toggle button[data-view="compare"]').click();
  await pane(page, 'redesign').locator('.react-flow__node').first().waitFor();
}

async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: download.suggestedFilename(), text: readFileSync((await download.path()) as string, 'utf8') };
}

beforeAll(async () => {
  created = await env.app.createMap(loadFixture('marketing-content'));
  facilitator = (await env.browser.person('Facilitator')).page;
  designer = (await env.browser.person('Designer')).page;
  for (const page of [facilitator, designer]) {
    await page.goto(created.links.edit);
    await page.locator('[data-metric="lead-time"]').waitFor();
  }
  await openCompare(facilitator);
});

describe('the compare view', () => {
  it('draws both states side by side, read-only, with removed, added and changed steps and joins marked', async () => {
    expect(await pane(facilitator, 'now').locator('.react-flow__node').count()).toBe(7);
    expect(await pane(facilitator, 'redesign').locator('.react-flow__node').count()).toBe(7);
    // Removed: only today has it. Added: only the redesign.
    expect(await classes(node(facilitator, 'now', 'edit'))).toContain('change-removed');
    expect(await node(facilitator, 'redesign', 'edit').count()).toBe(0);
    expect(await classes(node(facilitator, 'redesign', 'style'))).toContain('change-added');
    expect(await node(facilitator, 'redesign', 'style').textContent()).toContain('Added');
    // A changed owner and wait: marked on both sides.
    for (const state of ['now', 'redesign'] as const) expect(await classes(node(facilitator, state, 'legal'))).toEqual(expect.arrayContaining(['change-owner', 'change-duration']));
    expect(await node(facilitator, 'redesign', 'legal').textContent()).toContain('Named legal counsel');
    // Joins whose hand-off changed; removed and added joins.
    expect(await classes(edge(facilitator, 'redesign', 'j4'))).toContain('change-handoff');
    expect(await classes(edge(facilitator, 'now', 'j5'))).toContain('change-handoff');
    expect(await classes(edge(facilitator, 'now', 'j2'))).toContain('change-removed');
    expect(await classes(edge(facilitator, 'redesign', 'k1'))).toContain('change-added');
    // Unchanged elements carry no mark; nothing is editable.
    expect((await classes(node(facilitator, 'redesign', 'draft'))).some((c) => c.startsWith('change-'))).toBe(false);
    expect(await facilitator.locator('.compare-view .react-flow__handle.connectable').count()).toBe(0);
    expect(await facilitator.locator('.palette').count()).toBe(0);
  });

  it('shows the before and after in the summary line’s units, and counts each kind of change', async () => {
    expect(await row(facilitator, 'leadTimeMinutes').allTextContents()).toEqual(['1w 2d 20h 18m', '16h', '−1w 2d 4h 18m']);
    expect(await row(facilitator, 'staffMinutesPerItem').allTextContents()).toEqual(['135', '36', '−99']);
    expect(await row(facilitator, 'manualJoins').allTextContents()).toEqual(['3', '0', '−3']);
    expect(await row(facilitator, 'meetings').allTextContents()).toEqual(['1', '0', '−1']);
    expect(await row(facilitator, 'approvalsOnAiPath').allTextContents()).toEqual(['1', '1', '=']);
    expect(await row(facilitator, 'checkMinutesPerItem').allTextContents()).toEqual(['1h', '6m', '−54m']);
    expect(await row(facilitator, 'openErrors').allTextContents()).toEqual(['2', '0', '−2']);
    expect(await facilitator.locator('[data-count="removed"]').textContent()).toBe('3');
    expect(await facilitator.locator('[data-count="added"]').textContent()).toBe('3');
    expect(await facilitator.locator('[data-count="handoff"]').textContent()).toBe('2');
  });

  it('selects a change in both panes from the list', async () => {
    await facilitator.locator('[data-change-id="legal"]').click();
    for (const state of ['now', 'redesign'] as const) await expect.poll(async () => classes(node(facilitator, state, 'legal'))).toContain('selected');
    expect(await facilitator.locator('[data-change-id="legal"]').textContent()).toContain('owner: TBD → Named legal counsel');
  });

  it('labels each join with its hand-off and wait as that state has them, and selects it from its label', async () => {
    const label = (state: 'now' | 'redesign') => edge(facilitator, state, 'j4').locator('.compare-join-label');
    expect(await label('now').textContent()).toBe('content committee · meeting · 6d');
    expect(await label('redesign').textContent()).toBe('queued for QA · system');
    expect(await label('redesign').getAttribute('data-change')).toContain('handoff');
    await label('redesign').click();
    for (const state of ['now', 'redesign'] as const) await expect.poll(async () => classes(edge(facilitator, state, 'j4'))).toContain('selected');
  });

  it('follows a person into the compare view and pans both panes with theirs', async () => {
    await designer.locator('.avatar[data-peer="Facilitator"]').click();
    await pane(designer, 'redesign').locator('.react-flow__node').first().waitFor();
    const transform = (page: Page, state: 'now' | 'redesign') => pane(page, state).locator('.react-flow__viewport').evaluate((el) => getComputedStyle(el).transform);
    await pane(facilitator, 'redesign').locator('.react-flow__pane').hover();
    await facilitator.mouse.wheel(0, -500);
    await expect.poll(async () => (await transform(facilitator, 'now')) === (await transform(facilitator, 'redesign'))).toBe(true);
    const theirs = await transform(facilitator, 'now');
    await expect.poll(() => transform(designer, 'now'), { timeout: 5000 }).toBe(theirs);
    expect(await transform(designer, 'redesign')).toBe(theirs);
    await designer.locator('.avatar[data-peer="Facilitator"]').click();
  });

  it('opens for a review link, read-only, the changes kept bright in review mode', async () => {
    // The designer's page, opened afresh from the review link (a page of its own would cost a browser context).
    const reviewer = designer;
    await reviewer.goto('about:blank');
    await reviewer.goto(created.links.review);
    await reviewer.locator('[data-metric="lead-time"]').waitFor();
    await openCompare(reviewer);
    expect(await reviewer.locator('.workspace.review-mode').count()).toBe(1);
    expect(await row(reviewer, 'leadTimeMinutes').first().textContent()).toBe('1w 2d 20h 18m');
    expect(await node(reviewer, 'redesign', 'style').evaluate((el) => getComputedStyle(el).opacity)).toBe('1');
  });
});

describe('the plan and the exports of a map with a redesign', () => {
  it('the plan carries the before and after and the redesigned map on its first page, today’s map in the appendix', async () => {
    await facilitator.getByRole('button', { name: 'Plan', exact: true }).click();
    const pictures = facilitator.locator('.plan-picture img');
    await expect.poll(() => pictures.count()).toBe(2);
    // From the compare view, both states are drawn from the map (its panes carry the comparison's marks).
    const picture = async (n: number) => decodeURIComponent((await pictures.nth(n).getAttribute('src'))?.replace(/^data:image\/svg\+xml;charset=utf-8,/, '') ?? '');
    expect(await pictures.nth(0).getAttribute('alt')).toBe('The redesigned map, findings drawn');
    expect(await picture(0)).toContain('Style and brand check');
    expect(await picture(0)).not.toContain('Editor polishes');
    expect(await pictures.nth(1).getAttribute('alt')).toBe('The map, findings drawn');
    expect(await picture(1)).toContain('Editor polishes');
    expect(await facilitator.locator('.plan-document table').first().textContent()).toContain('1w 2d 20h 18m');

    const plan = await downloaded(facilitator, () => facilitator.getByRole('button', { name: 'Download Markdown' }).click());
    const firstPage = plan.text.slice(plan.text.indexOf('## Summary'), plan.text.indexOf('## Scorecard'));
    expect(firstPage).toContain('### Before and after the redesign');
    expect(firstPage).toContain('| Lead time | 1w 2d 20h 18m | 16h |');
    expect(plan.text.match(/```mermaid/g)).toHaveLength(2);
    await facilitator.getByRole('button', { name: 'Close' }).click();
  });

  it('exports either state as Mermaid, defaulting to the one on screen, and the findings of both with their state', async () => {
    // Every change of a radio's checked state, from the menu's first frame on.
    await facilitator.evaluate(() => {
      const changes: string[] = [];
      (window as unknown as { radioChanges: string[] }).radioChanges = changes;
      new MutationObserver((records) => {
        for (const { target, oldValue } of records) changes.push(`${(target as Element).textContent}: ${oldValue} -> ${(target as Element).getAttribute('aria-checked')}`);
      }).observe(document.body, { subtree: true, attributeFilter: ['aria-checked'], attributeOldValue: true });
    });
    await facilitator.getByRole('button', { name: 'Export', exact: true }).click();
    // The compare view presents the redesign: the choice starts there, from the first frame (it
    // once opened at the last choice and switched a render later, and a quick click exported that).
    expect(await facilitator.getByRole('menuitemradio', { name: 'Redesign' }).getAttribute('aria-checked')).toBe('true');
    expect(await facilitator.evaluate(() => (window as unknown as { radioChanges: string[] }).radioChanges)).toEqual([]);
    const redesign = await downloaded(facilitator, () => facilitator.getByRole('menuitem', { name: 'Export Mermaid' }).click());
    expect(redesign.name).toBe('marketing-content-with-ai-drafts-redesign.mmd');
    expect(redesign.text).toContain('"Style and brand check"');
    expect(redesign.text).not.toContain('"Editor polishes"');

    await facilitator.getByRole('button', { name: 'Export', exact: true }).click();
    await facilitator.getByRole('menuitemradio', { name: 'Now' }).click();
    const today = await downloaded(facilitator, () => facilitator.getByRole('menuitem', { name: 'Export Mermaid' }).click());
    expect(today.name).toBe('marketing-content-with-ai-drafts.mmd');
    expect(today.text).toContain('"Editor polishes"');

    await facilitator.getByRole('button', { name: 'Export', exact: true }).click();
    const csv = await downloaded(facilitator, () => facilitator.getByRole('menuitem', { name: 'Export findings CSV' }).click());
    const records: Record<string, string>[] = parseCsv(csv.text, { columns: true });
    expect(new Set(records.map((r) => r.state))).toEqual(new Set(['now', 'redesign']));
    expect(records.filter((r) => r.state === 'now' && r.rule === 'human-join')).toHaveLength(4);
    expect(records.filter((r) => r.state === 'redesign' && r.rule === 'human-join')).toHaveLength(0);
  });

  it('exports pictures of the redesign from today’s view, the whole map inside', async () => {
    await facilitator.locator('.view-toggle button[data-view="now"]').click();
    await facilitator.getByRole('button', { name: 'Export', exact: true }).click();
    // The menu's default follows the view on screen, which the toggle's click reaches a render later.
    await expect.poll(() => facilitator.getByRole('menuitemradio', { name: 'Now' }).getAttribute('aria-checked')).toBe('true');
    await facilitator.getByRole('menuitemradio', { name: 'Redesign' }).click();
    const svg = await downloaded(facilitator, () => facilitator.getByRole('menuitem', { name: 'Export SVG' }).click());
    expect(svg.name).toBe('marketing-content-with-ai-drafts-redesign.svg');
    expect(svg.text).toContain('Style and brand check');
    expect(svg.text).toContain('"redesign"'); // the map inside carries both states

    // A PNG of a state the canvas does not show: the drawing, rasterised, the whole map inside.
    await facilitator.getByRole('button', { name: 'Export', exact: true }).click();
    await facilitator.getByRole('menuitemradio', { name: 'Redesign' }).click();
    const [download] = await Promise.all([facilitator.waitForEvent('download'), facilitator.getByRole('menuitem', { name: 'Export PNG' }).click()]);
    expect(download.suggestedFilename()).toBe('marketing-content-with-ai-drafts-redesign.png');
    const png = new Uint8Array(readFileSync((await download.path()) as string));
    expect([...png.slice(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
    const inside = JSON.parse(readPngText(png, MAP_KEYWORD) ?? '{}');
    expect(inside.redesign.steps.map((step: { id: string }) => step.id)).toContain('style');
  });
});

describe('the compare view without a redesign', () => {
  it('says there is none and points to the redesign', async () => {
    const plain = await env.app.createMap(loadFixture('contract-review'));
    await designer.goto(plain.links.edit);
    await designer.locator('[data-metric="lead-time"]').waitFor();
    await designer.locator('.view-toggle button[data-view="compare"]').click();
    await designer.getByRole('heading', { name: 'No redesign to compare yet' }).waitFor();
    await designer.getByRole('button', { name: 'Go to Redesign' }).click();
    await expect.poll(() => designer.locator('.view-toggle button[aria-pressed="true"]').getAttribute('data-view')).toBe('redesign');
  });
});

describe('the compare view of a large map', () => {
  it('draws the part of each state in view, at a zoom a step reads at, and goes to any change from the list', async () => {
    // 600 steps in a line, the redesign a copy with the last step renamed: far off the first screen.
    const steps = Array.from({ length: 600 }, (_, i) => ({ id: `s${i}`, kind: i === 0 ? 'start' : i === 599 ? 'end' : 'system', label: `Step ${i}`, position: { x: i * 240, y: 0 } }));
    const joins = steps.slice(1).map((step, i) => ({ id: `j${i}`, from: steps[i].id, to: step.id, handoff: 'system' }));
    const redesigned = structuredClone(steps);
    redesigned[598].label = 'Checked by the system';
    const map = { format: 'stallmap/map', version: 2, id: 'long-line', title: 'A long line', steps, joins, waivers: [], comments: [], redesign: { steps: redesigned, joins } };
    const large = await env.app.createMap(map as never);
    // The most steps ever in the page while it opens: React Flow mounts a step it holds no size for
    // to measure it, so the panes once mounted all 1,200 for a moment before drawing what is in view.
    await designer.addInitScript(`window.mostSteps = 0; new MutationObserver(() => { window.mostSteps = Math.max(window.mostSteps, document.querySelectorAll('.compare-pane .react-flow__node').length); }).observe(document, { childList: true, subtree: true });`);
    await designer.goto(`${large.links.edit}&view=compare`);
    await pane(designer, 'redesign').locator('.react-flow__node').first().waitFor();
    expect(await designer.evaluate('window.mostSteps')).toBeLessThan(200);

    for (const state of ['now', 'redesign'] as const) {
      const drawn = await pane(designer, state).locator('.react-flow__node').count();
      expect(drawn).toBeGreaterThan(0);
      expect(drawn).toBeLessThan(100);
    }
    const zoom = await pane(designer, 'redesign').locator('.react-flow__viewport').evaluate((el) => new DOMMatrixReadOnly(getComputedStyle(el).transform).a);
    expect(zoom).toBeGreaterThanOrEqual(0.25);

    await designer.locator('[data-change-id="s598"]').click();
    for (const state of ['now', 'redesign'] as const) await expect.poll(async () => classes(node(designer, state, 's598'))).toContain('selected');
    expect(await node(designer, 'redesign', 's598').textContent()).toContain('Checked by the system');
  });

  it('lists the changes a hundred at a time, the count said, joins named by their steps', async () => {
    // 160 steps in a line, every one renamed in the redesign, and the last join removed: 161 changes.
    const steps = Array.from({ length: 160 }, (_, i) => ({ id: `s${i}`, kind: i === 0 ? 'start' : i === 159 ? 'end' : 'system', label: `Step ${i}`, position: { x: i * 240, y: 0 } }));
    const joins = steps.slice(1).map((step, i) => ({ id: `j${i}`, from: steps[i].id, to: step.id, handoff: 'system' }));
    const redesigned = steps.map((step) => ({ ...step, label: `${step.label} redrawn` }));
    const map = { format: 'stallmap/map', version: 2, id: 'renamed', title: 'Renamed', steps, joins, waivers: [], comments: [], redesign: { steps: redesigned, joins: joins.slice(0, -1) } };
    const created = await env.app.createMap(map as never);
    await designer.goto(`${created.links.edit}&view=compare`);
    const list = designer.locator('.compare-change-list li');
    await expect.poll(() => list.count()).toBe(100);
    const more = designer.locator('.compare-changes .list-more');
    expect(await more.textContent()).toContain('100 of 161 shown');
    await more.getByRole('button', { name: 'Show 61 more' }).click();
    await expect.poll(() => list.count()).toBe(161);
    expect(await more.count()).toBe(0);
    expect(await designer.locator('[data-change-id="j158"]').textContent()).toContain('Join “Step 158 redrawn → Step 159 redrawn”');

    // A colleague's edits show at once, in the pane and the list: what changed is drawn again, the rest kept.
    const colleague = client(env.app.syncUrl, created.id, created.tokens.edit);
    try {
      await colleague.synced;
      (redesignStepsOf(colleague.doc).get('s1') as Y.Map<unknown>).set('label', 'Step 1 by a colleague');
      (redesignJoinsOf(colleague.doc).get('j2') as Y.Map<unknown>).set('handoff', 'meeting');
      await expect.poll(() => node(designer, 'redesign', 's1').textContent()).toContain('Step 1 by a colleague');
      expect(await node(designer, 'redesign', 's2').textContent()).toContain('Step 2 redrawn');
      // A move changes nothing the comparison counts, and is drawn all the same.
      const before = await node(designer, 'redesign', 's3').boundingBox();
      (redesignStepsOf(colleague.doc).get('s3') as Y.Map<unknown>).set('position', { x: 3 * 240, y: 400 });
      await expect.poll(async () => ((await node(designer, 'redesign', 's3').boundingBox())?.y ?? 0) - (before?.y ?? 0)).toBeGreaterThan(5);
      await expect.poll(() => designer.locator('[data-compare-state="redesign"] [data-id="j2"]').getAttribute('class')).toContain('handoff-meeting');
      expect(await designer.locator('[data-change-id="s1"]').textContent()).toContain('Step 1 by a colleague');
    } finally {
      colleague.close();
    }
  });
});
