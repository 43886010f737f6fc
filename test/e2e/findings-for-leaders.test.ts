import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { StallMap } from '../../src/core/model';
import { loadFixture } from '../fixtures/load';
import type { CreatedMap } from './app';
import { settle, stepNode } from './canvas';
import { withAppAndBrowser } from './setup';

/**
 * The example map, with a courier step (a hand-off step) between the AI summary and the check:
 * the join into it says "System", yet a person carries the item, so it counts as manual. The
 * meeting join keeps its 3-day wait (4,320 minutes), which must read "3d", as the summary says it.
 */
function leadersMap(): StallMap {
  const map = loadFixture('contract-review');
  map.waivers = []; // the meeting's finding stays open, to be read
  map.steps.push({ id: 'courier', kind: 'handoff', label: 'Courier to legal', owner: 'Mailroom', workMinutes: 5, position: { x: 300, y: 150 } });
  const j2 = map.joins.find((j) => j.id === 'j2');
  if (!j2) throw new Error('fixture changed: no j2');
  Object.assign(j2, { to: 'courier', handoff: 'system', label: 'synced' });
  map.joins.push({ id: 'j4', from: 'courier', to: 'chk', handoff: 'manual', waitMinutes: 30 });
  return map;
}

const env = withAppAndBrowser();
let created: CreatedMap;
let page: Page;

const finding = (rule: string, target: string) => page.locator(`.finding[data-rule="${rule}"][data-target="${target}"]`);
const selectedTab = () => page.locator('.side-panel [role="tab"][aria-selected="true"]').textContent();

beforeAll(async () => {
  created = await env.app.createMap(leadersMap());
  page = (await env.browser.person('Facilitator')).page;
  await page.goto(created.links.edit);
  await page.locator('.react-flow__node').first().waitFor();
  await page.getByRole('tab', { name: /Findings/ }).click();
  await finding('human-join', 'j3').waitFor();
});

describe('findings written for leaders', () => {
  it('says durations as the summary does ("3d"), never as raw minutes', async () => {
    await expect.poll(() => finding('human-join', 'j3').locator('.finding-message').textContent()).toContain('3d');
    for (const details of await page.locator('.findings details').all()) await details.evaluate((el) => el.setAttribute('open', ''));
    const text = (await page.locator('.findings').textContent()) ?? '';
    expect(text).not.toMatch(/\d+ min\b(?! per item)/);
    expect(text).not.toContain('4320');
  }, 60_000);

  it('names each rule in words, with its id in small print', async () => {
    const rule = finding('human-join', 'j3').locator('.finding-rule');
    await expect.poll(() => rule.count()).toBe(1);
    const name = (await rule.locator('.finding-rule-name').textContent()) ?? '';
    expect(name.trim().length).toBeGreaterThan(5);
    expect(name).not.toContain('human-join');
    expect(await rule.locator('small.finding-rule-id').textContent()).toBe('human-join');
  }, 60_000);

  it('gives the evidence as sentences, with no field keys', async () => {
    const item = finding('human-join', 'j2');
    await item.locator('details > summary').click();
    const evidence = (await item.locator('.finding-evidence').textContent()) ?? '';
    expect(evidence).toMatch(/\./);
    for (const key of ['declaredHandoff', 'nextToAi', 'waitMinutes', 'handoff:']) expect(evidence).not.toContain(key);
    // No key/value list anywhere in the panel.
    for (const details of await page.locator('.findings details').all()) await details.evaluate((el) => el.setAttribute('open', ''));
    const all = (await page.locator('.findings').textContent()) ?? '';
    expect(all).not.toMatch(/declaredHandoff|verifyMinutes|aiSavingShare|reachedFromStart|largestWaits/);
  }, 60_000);

  it('names each step once per finding', async () => {
    const text = (await finding('verification-exceeds-work', 'chk').locator('.finding-open').textContent()) ?? '';
    expect(text.split('Summarise contract').length - 1).toBe(1);
    expect(text.split('Paralegal re-reads contract').length - 1).toBeLessThanOrEqual(1);
    const join = (await finding('human-join', 'j3').locator('.finding-open').textContent()) ?? '';
    expect(join.split('Contract signed').length - 1).toBe(1);
  }, 60_000);

  it('one click on a finding selects its element and brings it into view; the panel stays on the findings', async () => {
    // Look elsewhere first: drag the canvas (from its empty top-left corner, away from the zoom
    // buttons and the minimap) until the check is off screen.
    const pane = await page.locator('.react-flow__pane').boundingBox();
    if (!pane) throw new Error('no canvas');
    for (let drag = 0; drag < 3; drag++) {
      await page.mouse.move(pane.x + 30, pane.y + 30);
      await page.mouse.down();
      await page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height - 30, { steps: 10 });
      await page.mouse.up();
    }
    await settle(page);
    const inView = async () => {
      const [box, canvas] = [await stepNode(page, 'chk').boundingBox(), await page.locator('.canvas').boundingBox()];
      return Boolean(box && canvas && box.x >= canvas.x && box.x + box.width <= canvas.x + canvas.width && box.y >= canvas.y && box.y + box.height <= canvas.y + canvas.height);
    };
    expect(await inView()).toBe(false);

    await finding('verification-exceeds-work', 'chk').locator('.finding-open').click();
    await expect.poll(() => stepNode(page, 'chk').getAttribute('class')).toContain('selected');
    await expect.poll(inView).toBe(true);
    expect(await selectedTab()).toMatch(/^Findings/);
  }, 60_000);

  it('says why a join marked "System" counts as manual, in the finding and on the join', async () => {
    const item = finding('human-join', 'j2');
    await expect.poll(() => item.locator('.finding-message').textContent()).toContain('counts as manual: it enters the hand-off step');
    await item.locator('.finding-open').click();
    expect(await selectedTab()).toMatch(/^Findings/);
    await page.getByRole('tab', { name: 'Inspector' }).click();
    await expect.poll(() => page.locator('.inspector .handoff-reason').textContent()).toMatch(/counts as manual: it enters the hand-off step 'Courier to legal'/i);
  }, 60_000);
});
