import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { StallMap } from '../../src/core/model';
import type { CreatedMap } from './app';
import { stepNode } from './canvas';
import { withAppAndBrowser } from './setup';

/**
 * A prior authorization, format version 2: 200 items a week at 60 an hour. The nurse re-reads
 * every AI draft (45 min, more than the 40 min of writing it by hand); 70% of items go on to a
 * medical director (2-day queue), the rest are approved automatically; then the payer decides
 * (3-day queue). Numbers by hand:
 * - lead time: 2 + 120 + 45 + 2880 + 30 + 4320 + 10 = 7407 min = 5d 3h 27m; the typical way
 *   (through the director, 70%) is the same, so the summary gives it once;
 * - staff minutes per item: nurse 45 + director 30 × 0.7 + payer 10 = 76, so 76 × 200 / 60 ≈ 253
 *   staff h/week, and 15,200 a week;
 * - the nurse's check sampled at 10% saves 40.5 min of work and 108 min of queue per item:
 *   −2h 29m lead time, −40.5 staff min per item, −135 staff h/week (an error);
 * - halving the largest wait (the payer's 3 days) saves 1d 12h of lead time (a warning), so by
 *   impact it comes first, and it is the first 30-day gate;
 * - 'Auto-approve' has no owner: a warning that buys no time.
 */
const MAP = {
  format: 'stallmap/map',
  version: 2,
  id: 'prior-auth',
  title: 'Prior authorization',
  volumePerWeek: 200,
  costPerHour: 60,
  steps: [
    { id: 'in', kind: 'start', label: 'Request received', position: { x: 0, y: 0 } },
    { id: 'draft', kind: 'ai', label: 'Draft letter', owner: 'Clinical ops lead', workMinutes: 2, manualMinutes: 40, overrideRate: 0.05, position: { x: 240, y: 0 } },
    { id: 'nurse', kind: 'verification', label: 'Nurse reviews letter', owner: 'Clinical ops lead', workMinutes: 45, waitMinutes: 120, verifies: ['draft'], position: { x: 480, y: 0 } },
    { id: 'auto', kind: 'system', label: 'Auto-approve', workMinutes: 1, position: { x: 720, y: -160 } },
    { id: 'md', kind: 'approval', label: 'Medical director review', owner: 'Medical director', workMinutes: 30, waitMinutes: 2880, position: { x: 720, y: 160 } },
    { id: 'payer', kind: 'human', label: 'Payer decides', owner: 'Payer liaison', workMinutes: 10, waitMinutes: 4320, position: { x: 960, y: 0 } },
    { id: 'out', kind: 'end', label: 'Decision sent', position: { x: 1200, y: 0 } },
  ],
  joins: [
    { id: 'j1', from: 'in', to: 'draft', handoff: 'system' },
    { id: 'j2', from: 'draft', to: 'nurse', handoff: 'system' },
    { id: 'toAuto', from: 'nurse', to: 'auto', handoff: 'system' },
    { id: 'toMd', from: 'nurse', to: 'md', handoff: 'system', share: 0.7 },
    { id: 'j5', from: 'auto', to: 'payer', handoff: 'system' },
    { id: 'j6', from: 'md', to: 'payer', handoff: 'system' },
    { id: 'j7', from: 'payer', to: 'out', handoff: 'system' },
  ],
};

const env = withAppAndBrowser();
let created: CreatedMap;
let editor: Page;
let watcher: Page;

const metric = (page: Page, name: string) => page.locator(`[data-metric="${name}"]`).textContent();
const findingRules = (page: Page) => page.locator('.findings .finding').evaluateAll((items) => items.map((item) => item.getAttribute('data-rule')));
const serverMap = () => env.app.getMap(created.id, created.links.edit) as Promise<StallMap>;

async function selectJoin(page: Page, id: string) {
  await page.getByRole('tab', { name: 'Inspector' }).click();
  await page.locator(`.join-label[data-join-id="${id}"]`).click();
  await page.locator('.inspector input[name="share"]').waitFor();
}

beforeAll(async () => {
  created = await env.app.createMap(MAP);
  editor = (await env.browser.person('Facilitator')).page;
  watcher = (await env.browser.person('COO')).page;
  await editor.goto(created.links.edit);
  await watcher.goto(created.links.review);
  for (const page of [editor, watcher]) await page.locator('[data-metric="lead-time"]').waitFor();
});

describe('impact: where the numbers show, and the v2 fields that move them', () => {
  it('the summary line shows the lead time (once: most items go the longest way), staff hours and cost a week, and the blocker', async () => {
    await expect.poll(() => metric(watcher, 'lead-time')).toBe('5d 3h 27m');
    expect(await watcher.locator('[data-metric="typical-lead-time"]').count()).toBe(0);
    expect(await metric(watcher, 'staff-hours-per-week')).toBe('253');
    expect(await metric(watcher, 'staff-cost-per-week')).toBe('15,200');
    expect(await watcher.locator('.summary-missing').count()).toBe(0);
    expect(await metric(watcher, 'blocker')).toContain("'Payer decides'");
  });

  it('each finding says what fixing it buys; a finding that moves no number says so', async () => {
    await editor.getByRole('tab', { name: /Findings/ }).click();
    const check = editor.locator('.finding[data-rule="verification-exceeds-work"] .finding-impact');
    await expect.poll(() => check.textContent()).toBe('−2h 29m lead time · −40.5 staff min per item · −135 staff h/week');
    expect(await editor.locator('.finding[data-rule="work-did-not-move"] .finding-impact').textContent()).toBe('−1d 12h lead time');
    expect(await editor.locator('.finding[data-rule="no-accountable-owner"] .finding-impact').textContent()).toBe('no time impact');
  });

  it('marks the 30-day gates in the list, with who acts', async () => {
    const first = editor.locator('.finding[data-rule="work-did-not-move"] .gate-mark');
    expect(await first.locator('.gate-badge').textContent()).toBe('30-day gate 1');
    expect(await first.locator('.gate-owner').textContent()).toBe("Payer liaison (step owner) must halve the wait 'Payer decides'");
    const second = editor.locator('.finding[data-rule="verification-exceeds-work"] .gate-mark');
    expect(await second.locator('.gate-badge').textContent()).toBe('30-day gate 2');
    expect(await second.locator('.gate-owner').textContent()).toContain('Clinical ops lead (step owner) must check a sample');
    expect(await editor.locator('.finding[data-rule="no-accountable-owner"] .gate-mark').count()).toBe(0);
  });

  it('sorts by impact by default, and by severity on request (remembered across tabs)', async () => {
    const order = editor.getByLabel('Sort findings');
    expect(await order.inputValue()).toBe('impact');
    expect(await findingRules(editor)).toEqual(['work-did-not-move', 'verification-exceeds-work', 'no-accountable-owner']);

    await order.selectOption('severity');
    await expect.poll(() => findingRules(editor)).not.toEqual(['work-did-not-move', 'verification-exceeds-work', 'no-accountable-owner']);
    const rules = await findingRules(editor);
    expect(rules[0]).toBe('verification-exceeds-work');
    expect([...rules].sort()).toEqual(['no-accountable-owner', 'verification-exceeds-work', 'work-did-not-move']);

    // The choice lives in the store, not in the panel: leaving the tab and coming back keeps it.
    await editor.getByRole('tab', { name: 'Inspector' }).click();
    await editor.getByRole('tab', { name: /Findings/ }).click();
    expect(await editor.getByLabel('Sort findings').inputValue()).toBe('severity');
    expect(await findingRules(editor)).toEqual(rules);

    await editor.getByLabel('Sort findings').selectOption('impact');
    await expect.poll(() => findingRules(editor)).toEqual(['work-did-not-move', 'verification-exceeds-work', 'no-accountable-owner']);
  });

  it("a share typed as '40%' reaches another page: fewer items take the director's way, so the typical lead time and the staff hours drop", async () => {
    await selectJoin(editor, 'toMd');
    const share = editor.locator('.inspector input[name="share"]');
    expect(await share.inputValue()).toBe('70%');
    await share.fill('40%');
    await share.press('Enter');
    // 60% now go the automatic way: 2 + 120 + 45 + 1 + 4320 + 10 = 4498 min; staff 45 + 30 × 0.4 + 10 = 67 min per item.
    await expect.poll(() => metric(watcher, 'typical-lead-time')).toBe('3d 2h 58m');
    expect(await metric(watcher, 'lead-time')).toBe('5d 3h 27m');
    await expect.poll(() => metric(watcher, 'staff-hours-per-week')).toBe('223');
    await expect.poll(() => metric(watcher, 'staff-cost-per-week')).toBe('13,400');
    await expect.poll(async () => (await serverMap()).joins.find((j) => j.id === 'toMd')?.share).toBe(0.4);
  });

  it('ticking external on a step reaches another page: its wait is no longer the blocker', async () => {
    await editor.getByRole('tab', { name: 'Inspector' }).click();
    await stepNode(editor, 'payer').click();
    // Clicked, not check()ed: the box shows what the doc holds, a frame after the click (Playwright's check() looks at once).
    const external = editor.locator('.inspector input[name="external"]');
    await external.click();
    await expect.poll(() => external.isChecked()).toBe(true);
    // The payer's queue still counts in the lead time, but the organisation cannot halve it: the director's queue is the gate now.
    await expect.poll(() => metric(watcher, 'blocker')).toContain("'Medical director review'");
    expect(await metric(watcher, 'lead-time')).toBe('5d 3h 27m');
    await expect.poll(async () => (await serverMap()).steps.find((s) => s.id === 'payer')?.external).toBe(true);
  });

  it("refuses a share of '140%' with a message, and writes nothing", async () => {
    await selectJoin(editor, 'toAuto');
    const share = editor.locator('.inspector input[name="share"]');
    await share.fill('140%');
    await share.press('Enter');
    await expect.poll(() => editor.locator('.inspector .field-error').textContent()).toContain('cannot be above 100%');
    expect(await share.getAttribute('aria-invalid')).toBe('true');
    // A later change that does reach the server shows that the refused one never left the page.
    await editor.locator('.inspector input[name="label"]').fill('portal');
    await expect.poll(async () => (await serverMap()).joins.find((j) => j.id === 'toAuto')?.label).toBe('portal');
    expect((await serverMap()).joins.find((j) => j.id === 'toAuto')?.share).toBeUndefined();
    expect(await metric(watcher, 'typical-lead-time')).toBe('3d 2h 58m');
  });

  it('says "numbers missing" beside the lead time when it rests on a number the map does not give', async () => {
    await stepNode(editor, 'payer').click();
    const work = editor.locator('.inspector input[name="workMinutes"]');
    await work.fill('');
    await work.press('Enter');
    await expect.poll(() => watcher.locator('.summary-missing[data-missing="leadTime"]').count()).toBe(1);
    expect(await watcher.locator('.summary-missing[data-missing="leadTime"]').getAttribute('title')).toContain("work minutes of 'Payer decides'");
  });

  it("the map's volume and cost of an hour, typed in the map's inspector, change the staff hours and cost on another page; a negative volume is refused", async () => {
    await editor.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    const volume = editor.locator('.inspector input[name="volumePerWeek"]');
    expect(await volume.inputValue()).toBe('200');
    await volume.fill('-5');
    await volume.press('Enter');
    await expect.poll(() => editor.locator('.inspector .field-error').textContent()).toContain('cannot be negative');
    await volume.fill('1,000');
    await volume.press('Enter');
    // 45 + 30 × 0.4 + 0 (the payer's work is now unknown) = 57 staff min per item × 1,000 / 60 = 950 h a week.
    await expect.poll(() => metric(watcher, 'staff-hours-per-week')).toBe('950');
    const cost = editor.locator('.inspector input[name="costPerHour"]');
    await cost.fill('$80');
    await cost.press('Enter');
    await expect.poll(() => metric(watcher, 'staff-cost-per-week')).toBe('76,000');
    const stored = await serverMap();
    expect([stored.volumePerWeek, stored.costPerHour]).toEqual([1000, 80]);
  });
});
