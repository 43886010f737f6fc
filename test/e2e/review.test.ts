import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { analyze } from '../../src/core/analyzer';
import type { StallMap } from '../../src/core/model';
import { loadFixture } from '../fixtures/load';
import type { CreatedMap } from './app';
import { settle, stepNode } from './canvas';
import { withAppAndBrowser } from './setup';

/** The example map with the AI step's owner removed: known findings, one of them a missing owner. */
function reviewFixture(): StallMap {
  const map = loadFixture('contract-review');
  delete map.steps[1].owner;
  return map;
}

/** What the canvas should mark: each flagged element's most severe open finding, or 'waived'. */
function expectedMarks(map: StallMap): Record<string, string> {
  const rank = { waived: 0, info: 1, warning: 2, error: 3 } as const;
  const marks: Record<string, keyof typeof rank> = {};
  for (const f of analyze(map).findings) {
    const id = f.targets[0];
    const level = f.waived ? 'waived' : f.severity;
    if (!marks[id] || rank[level] > rank[marks[id]]) marks[id] = level;
  }
  return Object.fromEntries(Object.entries(marks).map(([id, level]) => [id, `finding-${level}`]));
}

async function canvasMarks(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const out: Record<string, string> = {};
    for (const el of document.querySelectorAll('.react-flow__node, .react-flow__edge')) {
      const id = el.getAttribute('data-id') ?? el.getAttribute('data-testid')?.replace(/^rf__edge-/, '') ?? '';
      const mark = [...el.classList].find((c) => c.startsWith('finding-'));
      if (mark) out[id] = mark;
    }
    return out;
  });
}

/** The toolbar's Fit view, and the view given time to stop gliding. */
async function showWholeMap(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Fit view', exact: true }).click();
  await settle(page);
}

const openCount = (page: Page, kind: 'errors' | 'warnings') => page.locator(`[data-metric="open-${kind}"]`).textContent();

const env = withAppAndBrowser();
let created: CreatedMap;
let editor: Page;
let reviewer: Page;

beforeAll(async () => {
  created = await env.app.createMap(reviewFixture());
  editor = (await env.browser.person('Facilitator')).page;
  reviewer = (await env.browser.person('COO')).page;
  await editor.goto(created.links.edit);
  await reviewer.goto(created.links.review);
  for (const page of [editor, reviewer]) await page.locator('.react-flow__node').first().waitFor();
});


describe('review mode, on a map with known findings', () => {
  it('marks exactly the flagged steps and joins with finding-error, -warning or -info', async () => {
    const expected = expectedMarks(reviewFixture());
    expect(Object.keys(expected).length).toBeGreaterThan(2);
    await expect.poll(() => canvasMarks(editor)).toEqual(expected);
    await expect.poll(() => canvasMarks(reviewer)).toEqual(expected);
  });

  it('opens review and view links in review mode, without editing tools', async () => {
    expect(await reviewer.locator('.workspace.review-mode').count()).toBe(1);
    expect(await reviewer.locator('.palette').count()).toBe(0);
    expect(await editor.locator('.workspace.review-mode').count()).toBe(0);
    expect(await editor.locator('.palette').count()).toBe(1);
    // With nothing selected, the inspector says what selecting does: a reviewer edits nothing, but comments.
    expect(await reviewer.locator('.inspector').textContent()).toContain('Select a step or join to see its details and comment on it.');
    expect(await editor.locator('.inspector').textContent()).toContain('Select a step or join to edit it.');
  });

  it('"Open in the inspector" on a finding selects its element and opens the inspector at the field at fault', async () => {
    await editor.getByRole('tab', { name: /Findings/ }).click();
    await editor.locator('.finding[data-rule="no-accountable-owner"][data-target="sum"] .finding-fix-field').click();
    await expect.poll(() => stepNode(editor, 'sum').getAttribute('class')).toContain('selected');
    await expect.poll(() => editor.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('owner');
  });

  it('fixing the cause removes the finding live in another page', async () => {
    await reviewer.getByRole('tab', { name: /Findings/ }).click();
    const finding = reviewer.locator('.finding[data-rule="no-accountable-owner"][data-target="sum"]');
    expect(await finding.count()).toBe(1);
    const errorsBefore = Number(await openCount(reviewer, 'errors'));
    await editor.keyboard.type('Legal Ops lead');
    await expect.poll(() => finding.count()).toBe(0);
    await expect.poll(async () => Number(await openCount(reviewer, 'errors'))).toBe(errorsBefore - 1);
  });

  it('lands on the handoff choice for a join that still assumes a human', async () => {
    await editor.getByRole('tab', { name: /Findings/ }).click();
    await editor.locator('.finding[data-rule="human-join"][data-target="j2"] .finding-fix-field').click();
    await expect.poll(() => editor.evaluate(() => (document.activeElement as HTMLSelectElement | null)?.name)).toBe('handoff');
  });

  it('a review link walks through the findings with next and previous', async () => {
    await reviewer.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await reviewer.keyboard.press('n');
    await expect.poll(() => reviewer.locator('.review-position').textContent()).toMatch(/^1 of \d+: /);
    await reviewer.keyboard.press('n');
    await expect.poll(() => reviewer.locator('.review-position').textContent()).toMatch(/^2 of \d+: /);
    await reviewer.keyboard.press('p');
    await expect.poll(() => reviewer.locator('.review-position').textContent()).toMatch(/^1 of \d+: /);
  });

  it('a review link can comment and waive; the waived finding stops counting and is drawn muted', async () => {
    // The walk above and the editor's jump to a field moved each view: a step outside it cannot be
    // clicked (Playwright waits for it to come into view until the test times out), so both
    // people look at the whole map first.
    await showWholeMap(reviewer);
    await showWholeMap(editor);
    await stepNode(reviewer, 'chk').click();
    await reviewer.getByRole('tab', { name: 'Inspector' }).click();
    await reviewer.getByLabel('New comment').fill('Could we sample 10% instead?');
    await reviewer.getByRole('button', { name: 'Comment', exact: true }).click();
    await stepNode(editor, 'chk').click();
    await expect.poll(() => editor.locator('.comment-text').allTextContents()).toContain('Could we sample 10% instead?');

    const errorsBefore = Number(await openCount(reviewer, 'errors'));
    await reviewer.getByRole('tab', { name: /Findings/ }).click();
    const finding = reviewer.locator('.finding[data-rule="verification-exceeds-work"]');
    await finding.getByRole('button', { name: 'Waive…' }).click();
    await finding.locator('textarea[name="reason"]').fill('Regulator requires a full read this quarter');
    await finding.getByRole('button', { name: 'Accept the risk' }).click();
    await expect.poll(async () => Number(await openCount(editor, 'errors'))).toBe(errorsBefore - 1);
    await expect.poll(() => stepNode(editor, 'chk').getAttribute('class')).toContain('finding-waived');

    const stored = await env.app.getMap(created.id, created.links.edit);
    expect(stored.waivers).toContainEqual(expect.objectContaining({ rule: 'verification-exceeds-work', target: 'chk', by: 'COO', reason: 'Regulator requires a full read this quarter' }));
    expect(stored.comments).toContainEqual(expect.objectContaining({ target: 'chk', author: 'COO', text: 'Could we sample 10% instead?' }));
  });

  it('an editor can revoke a waiver, and the finding counts again', async () => {
    const errorsBefore = Number(await openCount(editor, 'errors'));
    await editor.getByRole('tab', { name: /Findings/ }).click();
    await editor.getByLabel('Open or waived').selectOption('waived');
    const waived = editor.locator('.finding.is-waived[data-rule="verification-exceeds-work"]');
    expect(await reviewer.locator('.finding[data-rule="verification-exceeds-work"]').getByRole('button', { name: 'Revoke waiver' }).count()).toBe(0);
    await waived.getByRole('button', { name: 'Revoke waiver' }).click();
    await expect.poll(async () => Number(await openCount(reviewer, 'errors'))).toBe(errorsBefore + 1);
    await reviewer.getByRole('tab', { name: /Findings/ }).click();
    const finding = reviewer.locator('.finding[data-rule="verification-exceeds-work"]');
    await finding.getByRole('button', { name: 'Waive…' }).click();
    await finding.locator('textarea[name="reason"]').fill('Regulator requires a full read this quarter');
    await finding.getByRole('button', { name: 'Accept the risk' }).click();
    await expect.poll(async () => Number(await openCount(editor, 'errors'))).toBe(errorsBefore);
    await editor.getByLabel('Open or waived').selectOption('open');
  });

  it('a link pasted into the same tab opens with that link’s role', async () => {
    const page = (await env.browser.person('Switcher')).page;
    await page.goto(created.links.edit);
    await page.locator('.palette').waitFor();
    await page.goto(created.links.view);
    await expect.poll(() => page.locator('.banner.read-only').textContent()).toContain('View link');
    expect(await page.locator('.palette').count()).toBe(0);
  });

  it('a review link cannot move, add or delete steps', async () => {
    const before = (await env.app.getMap(created.id, created.links.edit)).steps;
    const box = await stepNode(reviewer, 'sum').boundingBox();
    if (!box) throw new Error('no node');
    await reviewer.mouse.move(box.x + 20, box.y + 20);
    await reviewer.mouse.down();
    await reviewer.mouse.move(box.x + 300, box.y + 200, { steps: 8 });
    await reviewer.mouse.up();
    await stepNode(reviewer, 'sum').click();
    await reviewer.keyboard.press('Delete');
    await reviewer.keyboard.press('Control+d');
    await reviewer.waitForTimeout(300);
    expect((await env.app.getMap(created.id, created.links.edit)).steps).toEqual(before);
  });

  it('export and import keep the waivers and the comments', async () => {
    await editor.getByRole('tab', { name: 'Inspector' }).click();
    await editor.getByRole('button', { name: 'Export', exact: true }).click();
    const [download] = await Promise.all([editor.waitForEvent('download'), editor.getByRole('menuitem', { name: 'Export JSON' }).click()]);
    const exported = JSON.parse(readFileSync((await download.path()) as string, 'utf8')) as StallMap;
    expect(exported.waivers.map((w) => `${w.rule}|${w.target}`).sort()).toEqual(['human-join|j3', 'verification-exceeds-work|chk']);
    expect(exported.comments.map((c) => c.text)).toEqual(expect.arrayContaining(['Why every contract?', 'Could we sample 10% instead?']));

    const fresh = await env.app.createMap({});
    await editor.goto(fresh.links.edit);
    await editor.locator('.react-flow__pane').waitFor();
    await editor.locator('[data-testid="import-file"]').setInputFiles({ name: 'map.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(exported)) });
    await editor.getByRole('button', { name: /Replace this map for everyone/ }).click();
    await expect.poll(async () => (await env.app.getMap(fresh.id, fresh.links.edit)).comments.length).toBe(exported.comments.length);
    const imported = await env.app.getMap(fresh.id, fresh.links.edit);
    expect(imported.waivers).toEqual(exported.waivers);
    expect(imported.comments).toEqual(exported.comments);
  });
});

describe('opening a map with waivers', () => {
  it('counts the waivers from the first figures the page shows, not a moment later', async () => {
    // The example map waives one warning (the board's signature, a human join).
    const map = loadFixture('contract-review');
    const open = analyze(map).findings.filter((f) => !f.waived);
    const expected = `${open.filter((f) => f.severity === 'error').length}/${open.filter((f) => f.severity === 'warning').length}`;
    expect(map.waivers).toHaveLength(1);
    const fresh = await env.app.createMap(map);
    const { page, context } = await env.browser.person('Board member');
    try {
      // Every count the summary ever shows, from the first, recorded in the page as it changes.
      await page.addInitScript(() => {
        const shown: string[] = [];
        (window as unknown as { shownCounts: string[] }).shownCounts = shown;
        const record = () => {
          const errors = document.querySelector('[data-metric="open-errors"]')?.textContent;
          const warnings = document.querySelector('[data-metric="open-warnings"]')?.textContent;
          const count = errors === undefined || warnings === undefined ? undefined : `${errors}/${warnings}`;
          if (count !== undefined && count !== shown.at(-1)) shown.push(count);
        };
        new MutationObserver(record).observe(document, { subtree: true, childList: true, characterData: true });
      });
      await page.goto(fresh.links.review);
      await page.locator('[data-metric="open-warnings"]').waitFor();
      await page.waitForTimeout(1000);
      expect(await page.evaluate(() => (window as unknown as { shownCounts: string[] }).shownCounts)).toEqual([expected]);
    } finally {
      await context.close();
    }
  });
});
