import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { StallMap } from '../../src/core/model';
import { findTemplate } from '../../src/core/templates';
import { loadFixture } from '../fixtures/load';
import type { CreatedMap } from './app';
import { addStep, canvasSteps, pressUndo, stepNode } from './canvas';
import { withAppAndBrowser } from './setup';

/**
 * The redesign in the editor: a link opens the state it names, two people edit today's map and
 * its redesign at once, a finding's fix is applied to the redesign (one step of undo), and a
 * review link looks at both states and comments on the redesign, changing neither.
 */
const env = withAppAndBrowser();
/** For a test that opens a page: it waits for the page to load and sync, which a busy machine makes slow, not wrong. */
const OPENS_A_PAGE_MS = 60_000;

/** The example map (no redesign yet) with its steps far apart, so each is easy to click. */
function spacedMap(): StallMap {
  const map = loadFixture('contract-review');
  map.steps.forEach((step, i) => {
    step.position = { x: i * 420, y: (i % 2) * 220 };
  });
  return map;
}

const viewButton = (page: Page, view: string) => page.locator(`.view-toggle button[data-view="${view}"]`);
const pressedView = (page: Page) => page.locator('.view-toggle button[aria-pressed="true"]').getAttribute('data-view');

async function switchTo(page: Page, view: 'now' | 'redesign' | 'compare'): Promise<void> {
  await viewButton(page, view).click();
  await expect.poll(() => pressedView(page)).toBe(view);
}

async function setOwner(page: Page, step: string, owner: string): Promise<void> {
  await stepNode(page, step).click();
  await page.getByRole('tab', { name: 'Inspector' }).click();
  await page.locator('input[name="owner"]').fill(owner);
  await expect.poll(() => stepNode(page, step).textContent()).toContain(owner);
}

/** The steps and joins of one state, as ids, with each step's text on screen. */
async function shownState(page: Page) {
  const steps = await page.locator('.react-flow__node').evaluateAll((nodes) => nodes.map((n) => [n.getAttribute('data-id'), n.textContent] as const).sort());
  const joins = await page.locator('.react-flow__edge').evaluateAll((edges) => edges.map((e) => e.getAttribute('data-testid')?.replace(/^rf__edge-/, '')).sort());
  return { steps: steps.map(([id]) => id), joins, texts: Object.fromEntries(steps) };
}

/** A state's steps and joins in id order: the server reads them in the doc's order, which undo may change. */
const sorted = (state: Pick<StallMap, 'steps' | 'joins'> | undefined) => ({
  steps: [...(state?.steps ?? [])].sort((a, b) => a.id.localeCompare(b.id)),
  joins: [...(state?.joins ?? [])].sort((a, b) => a.id.localeCompare(b.id)),
});

const ids = (state: Pick<StallMap, 'steps' | 'joins'> | undefined) => ({
  steps: (state?.steps ?? []).map((s) => s.id).sort(),
  joins: (state?.joins ?? []).map((j) => j.id).sort(),
});

let created: CreatedMap;
let facilitator: Page;
let designer: Page;
const stored = () => env.app.getMap(created.id, created.links.edit);

beforeAll(async () => {
  created = await env.app.createMap(spacedMap());
  facilitator = (await env.browser.person('Facilitator')).page;
  designer = (await env.browser.person('Designer')).page;
});

describe('the redesign, edited live beside today’s map', () => {
  it('a link with view=redesign opens the redesign; an editor starts it from today’s map', async () => {
    await designer.goto(`${created.links.edit}&view=redesign`);
    await designer.locator('.connection.is-connected').waitFor();
    await expect.poll(() => pressedView(designer)).toBe('redesign');
    const start = designer.getByRole('button', { name: 'Start the redesign from today’s map' });
    await start.waitFor();
    expect(await canvasSteps(designer)).toEqual([]);
    await start.click();
    await expect.poll(async () => (await canvasSteps(designer)).sort()).toEqual(['chk', 'in', 'out', 'sum']);
    await expect.poll(async () => ids((await stored()).redesign)).toEqual(ids(spacedMap()));
    // The token keeps working beside the view, and the address still names the redesign.
    expect(designer.url()).toMatch(/#token=[A-Za-z0-9_-]+&view=redesign$/);
  }, OPENS_A_PAGE_MS);

  it('one person edits today’s map while another edits the redesign; each sees the other’s edits on switching', async () => {
    await facilitator.goto(created.links.edit);
    await facilitator.locator('.react-flow__node').first().waitFor();
    expect(await pressedView(facilitator)).toBe('now');
    // Each person's presence says which state they are on.
    await facilitator.locator('.view-toggle button[data-view="redesign"] .view-peer[data-peer="Designer"]').waitFor();

    await Promise.all([setOwner(facilitator, 'sum', 'Now owner'), setOwner(designer, 'sum', 'Redesign owner')]);
    const added = await addStep(designer, 'system');
    await expect
      .poll(async () => {
        const map = await stored();
        return [map.steps.find((s) => s.id === 'sum')?.owner, map.redesign?.steps.find((s) => s.id === 'sum')?.owner, map.redesign?.steps.some((s) => s.id === added), map.steps.some((s) => s.id === added)];
      })
      .toEqual(['Now owner', 'Redesign owner', true, false]);
    expect(await canvasSteps(facilitator)).not.toContain(added);
    expect(await stepNode(facilitator, 'sum').textContent()).toContain('Now owner');

    await switchTo(facilitator, 'redesign');
    await expect.poll(() => canvasSteps(facilitator)).toContain(added);
    await expect.poll(() => stepNode(facilitator, 'sum').textContent()).toContain('Redesign owner');
    expect(facilitator.url()).toContain('view=redesign');
    await switchTo(designer, 'now');
    await expect.poll(() => stepNode(designer, 'sum').textContent()).toContain('Now owner');
    expect(await canvasSteps(designer)).not.toContain(added);
    expect(designer.url()).not.toContain('view=');
    // The summary shows both lead times, in either view.
    for (const page of [facilitator, designer]) {
      expect(await page.locator('.summary [data-lead-time="now"]').count()).toBe(1);
      expect(await page.locator('.summary [data-lead-time="redesign"]').count()).toBe(1);
    }

    // A cursor is drawn only for people on the same state: the designer's, on today's map, shows
    // to the facilitator there, and not on the redesign.
    const canvas = await designer.locator('.canvas').boundingBox();
    if (!canvas) throw new Error('no canvas');
    for (const dx of [0, 30, 60]) await designer.mouse.move(canvas.x + canvas.width / 2 + dx, canvas.y + canvas.height / 2);
    const cursor = facilitator.locator('.remote-cursor[data-peer="Designer"]');
    await expect.poll(() => cursor.count()).toBe(0);
    await switchTo(facilitator, 'now');
    await expect.poll(() => cursor.count()).toBe(1);
    await switchTo(facilitator, 'redesign');
    await expect.poll(() => cursor.count()).toBe(0);

    // Following a person takes the page to the state they are on.
    await designer.locator('.avatar[data-peer="Facilitator"]').click();
    await expect.poll(() => pressedView(designer)).toBe('redesign');
    await expect.poll(() => canvasSteps(designer)).toContain(added);
  }, OPENS_A_PAGE_MS);

  it('“Apply fix in redesign” on today’s finding changes the redesign’s copy, and undoes in one step', async () => {
    const before = await stored();
    const redesignJoin = () => stored().then((map) => map.redesign?.joins.find((j) => j.id === 'j2'));
    await designer.getByRole('tab', { name: /Findings/ }).click();
    const today = designer.locator('.todays-findings .finding[data-rule="human-join"][data-target="j2"]');
    await today.getByRole('button', { name: 'Apply fix in redesign' }).click();

    await expect.poll(redesignJoin).toMatchObject({ handoff: 'system', waitMinutes: 0 });
    expect((await stored()).joins).toEqual(before.joins);
    await today.locator('[data-fix="applied"]').waitFor();
    // The redesign's own findings no longer hold it; today's still do.
    await expect.poll(() => designer.locator('.findings .finding[data-rule="human-join"][data-target="j2"]').count()).toBe(0);

    await designer.getByRole('button', { name: 'Undo', exact: true }).click();
    await expect.poll(redesignJoin).toEqual(before.redesign?.joins.find((j) => j.id === 'j2'));
    // One step: the edits before it (the owner, the added step) are still there.
    expect(sorted((await stored()).redesign)).toEqual(sorted(before.redesign));
  });

  it('discarding the redesign asks first, and undo brings it back', async () => {
    const before = await stored();
    await designer.getByRole('button', { name: 'Discard redesign…' }).click();
    await designer.getByRole('button', { name: 'Discard the redesign' }).click();
    await expect.poll(async () => (await stored()).redesign?.steps ?? []).toEqual([]);
    await designer.getByRole('button', { name: 'Start the redesign from today’s map' }).waitFor();
    await designer.getByRole('button', { name: 'Undo', exact: true }).click();
    await expect.poll(async () => sorted((await stored()).redesign)).toEqual(sorted(before.redesign));
  });

  it('a review link sees both states and comments on a redesign element, but changes neither', async () => {
    const server = await stored();
    const added = (server.redesign?.steps ?? []).find((s) => !server.steps.some((t) => t.id === s.id))?.id as string;
    const { page: reviewer } = await env.browser.person('COO');
    await reviewer.goto(created.links.review);
    await reviewer.locator('.react-flow__node').first().waitFor();

    const now = await shownState(reviewer);
    expect({ steps: now.steps, joins: now.joins }).toEqual(ids(server));
    expect(now.texts.sum).toContain('Now owner');
    await switchTo(reviewer, 'compare');
    await switchTo(reviewer, 'redesign');
    await expect.poll(async () => (await shownState(reviewer)).steps).toEqual(ids(server.redesign).steps);
    expect((await shownState(reviewer)).texts.sum).toContain('Redesign owner');

    // A comment on a step only the redesign has.
    await stepNode(reviewer, added).click();
    await reviewer.getByRole('tab', { name: 'Inspector' }).click();
    await reviewer.getByLabel('New comment').fill('Who runs this system?');
    await reviewer.getByRole('button', { name: 'Comment', exact: true }).click();
    await expect.poll(async () => (await stored()).comments).toContainEqual(expect.objectContaining({ target: added, author: 'COO', text: 'Who runs this system?' }));

    // No tool to change either state, and no key that does.
    await reviewer.getByRole('tab', { name: /Findings/ }).click();
    await reviewer.locator('.todays-findings').waitFor();
    expect(await reviewer.getByRole('button', { name: 'Apply fix in redesign' }).count()).toBe(0);
    expect(await reviewer.getByRole('button', { name: 'Discard redesign…' }).count()).toBe(0);
    await stepNode(reviewer, added).click();
    for (const key of ['Delete', 'Control+d', 'Control+z']) await reviewer.keyboard.press(key);

    const after = await stored();
    expect([sorted(after), sorted(after.redesign)]).toEqual([sorted(server), sorted(server.redesign)]);
    // The page holds what the server holds, in both states, and was not sent back to the server's copy.
    expect(await reviewer.locator('.banner.refusal').count()).toBe(0);
    const redesign = await shownState(reviewer);
    expect({ steps: redesign.steps, joins: redesign.joins }).toEqual(ids(server.redesign));
    await switchTo(reviewer, 'now');
    const today = await shownState(reviewer);
    expect({ steps: today.steps, joins: today.joins }).toEqual(ids(server));
    expect(today.texts).toEqual(now.texts);
  }, OPENS_A_PAGE_MS);
});

describe('undo follows the state on screen', () => {
  it('Ctrl+Z in the Now view leaves the redesign alone; in the Redesign view it takes back the owner, then the start', async () => {
    const own = await env.app.createMap(spacedMap());
    const { page } = await env.browser.person('Editor');
    const undoButton = page.getByRole('button', { name: 'Undo', exact: true });
    const startButton = page.getByRole('button', { name: 'Start the redesign from today’s map' });
    const storedRedesign = async () => (await env.app.getMap(own.id, own.links.edit)).redesign;
    await page.goto(`${own.links.edit}&view=redesign`);
    await page.locator('.connection.is-connected').waitFor();
    await startButton.click();
    await expect.poll(async () => (await canvasSteps(page)).sort()).toEqual(['chk', 'in', 'out', 'sum']);
    await setOwner(page, 'chk', 'Redesign owner');
    await expect.poll(async () => (await storedRedesign())?.steps.find((s) => s.id === 'chk')?.owner).toBe('Redesign owner');

    // Today's map has no change of this person's to undo: the button says so, and the keys do nothing.
    await switchTo(page, 'now');
    await expect.poll(() => undoButton.isDisabled()).toBe(true);
    await pressUndo(page);
    await page.keyboard.press('Control+z');
    await switchTo(page, 'redesign');
    expect(await stepNode(page, 'chk').textContent()).toContain('Redesign owner');
    expect((await storedRedesign())?.steps.find((s) => s.id === 'chk')?.owner).toBe('Redesign owner');

    await expect.poll(() => undoButton.isDisabled()).toBe(false);
    await pressUndo(page);
    await expect.poll(() => stepNode(page, 'chk').textContent()).not.toContain('Redesign owner');
    await pressUndo(page);
    await startButton.waitFor();
    await expect.poll(storedRedesign).toBeUndefined();
  }, OPENS_A_PAGE_MS);
});

describe('a chain of approvals, fixed in the redesign', () => {
  it('takes the approvals the fix merges off the redesign’s canvas, the folded join’s meeting is fixed from the redesign’s own finding, and the compare counts what is left', async () => {
    const template = findTemplate('invoice-processing');
    if (!template) throw new Error('no invoice-processing template');
    const own = await env.app.createMap(template.map);
    const approvals = template.map.steps.filter((s) => s.kind === 'approval').map((s) => s.id);
    expect(approvals).toHaveLength(3);
    const { page } = await env.browser.person('Facilitator');
    await page.goto(`${own.links.edit}&view=redesign`);
    await page.locator('.connection.is-connected').waitFor();
    await page.getByRole('button', { name: 'Start the redesign from today’s map' }).click();
    await expect.poll(() => canvasSteps(page)).toEqual(expect.arrayContaining(approvals));

    await page.getByRole('tab', { name: /Findings/ }).click();
    const chain = page.locator('.todays-findings .finding[data-rule="approval-chain"]');
    await chain.getByRole('button', { name: 'Apply fix in redesign' }).click();
    // The last approval stays; the two before it are gone from the redesign, not left taking no time.
    const left = async () => {
      const shown = await canvasSteps(page);
      return approvals.filter((id) => shown.includes(id));
    };
    await expect.poll(left).toEqual([approvals[2]]);
    await chain.locator('[data-fix="applied"]').waitFor();
    await expect.poll(() => page.locator('.findings .finding[data-rule="approval-chain"]').count()).toBe(0);

    // The weekly meeting now lies on the join the chain folded into: today's finding on it has lost its
    // join, and the redesign's own finding on the folded join offers its fix in its place.
    const folded = page.locator('.findings .finding[data-rule="human-join"]', { hasText: 'weekly finance meeting' });
    await folded.getByRole('button', { name: 'Apply fix in redesign' }).click();
    await expect.poll(() => folded.count()).toBe(0);

    await switchTo(page, 'compare');
    const row = page.locator('.before-after tr[data-figure="approvalsOnAiPath"]');
    await expect.poll(() => row.locator('td').allTextContents()).toEqual(['3', '1', '−2']);
    expect(await page.locator('.before-after tr[data-figure="meetings"] td').allTextContents()).toEqual(['1', '0', '−1']);
  }, OPENS_A_PAGE_MS);
});

