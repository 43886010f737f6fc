import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { CURRENT_VERSION, type StallMap } from '../../src/core/model';
import { loadFixture } from '../fixtures/load';
import { stepNode } from './canvas';
import { withAppAndBrowser } from './setup';

/**
 * Names are typed in any script. A right-to-left one (Arabic, Hebrew) beside a date took the date
 * into its own order: "Waived by مريم الحسن (2026-11-20)" was drawn with the date left of the
 * name. Each name is isolated (<bdi>), so what follows it is drawn after it. Checked where it is
 * drawn, in a real browser, with British dates (they start with a digit, as the ISO ones do).
 */
const env = withAppAndBrowser();
const NAME = 'مريم الحسن';
const PEER = 'سارة';
let page: Page;

function mapWithArabicNames(): StallMap {
  const map = loadFixture('contract-review');
  map.version = CURRENT_VERSION as StallMap['version'];
  map.waivers = [{ rule: 'human-join', target: 'j3', by: NAME, at: '2026-11-20', reason: 'Board signs contracts by law' }];
  map.comments = [{ id: 'c1', target: 'chk', author: NAME, text: 'Why every contract?', at: '2026-11-20T10:00:00Z' }];
  map.assessment = { workflow: { score: 2, evidence: 'Every contract is read twice', by: NAME, at: '2026-11-21' } };
  return map;
}

/**
 * Where two texts in `selector`'s element are drawn: the left and right edges of all their boxes
 * (one text may be drawn in pieces, a date split either side of a name).
 */
function drawn(page: Page, selector: string, texts: string[]) {
  return page.locator(selector).first().evaluate((element, wanted) => {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    const nodes: Text[] = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text);
    const whole = nodes.map((n) => n.data).join('');
    /** The text node and offset of a character of the element's whole text. */
    const at = (index: number): [Text, number] => {
      let start = 0;
      for (const node of nodes) {
        if (index <= start + node.data.length) return [node, index - start];
        start += node.data.length;
      }
      throw new Error('past the end');
    };
    return wanted.map((text) => {
      const from = whole.indexOf(text);
      if (from < 0) throw new Error(`“${text}” is not in “${whole}”`);
      const range = document.createRange();
      range.setStart(...at(from));
      range.setEnd(...at(from + text.length));
      const rects = [...range.getClientRects()].filter((r) => r.width > 0);
      return { left: Math.min(...rects.map((r) => r.left)), right: Math.max(...rects.map((r) => r.right)) };
    });
  }, texts);
}

/** Whether `after` is drawn wholly to the right of the name, as it is written after it. */
async function drawnAfterName(selector: string, after: string): Promise<boolean> {
  const [name, date] = await drawn(page, selector, [NAME, after]);
  return date.left >= name.right - 0.5;
}

beforeAll(async () => {
  const created = await env.app.createMap(mapWithArabicNames());
  const context = await env.browser.browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-GB' });
  await context.addInitScript(() => localStorage.setItem('stallmap:name', 'COO'));
  page = await context.newPage();
  await page.goto(created.links.review);
  await page.locator('.react-flow__node').first().waitFor();
  await page.locator('.connection.is-connected').waitFor();
  // A colleague with an Arabic name on the map too.
  const peer = await env.browser.person(PEER);
  await peer.page.goto(created.links.review);
  await peer.page.locator('.react-flow__node').first().waitFor();
});

describe('a right-to-left name beside a date', () => {
  it('on a comment: the date is drawn after its author', async () => {
    await stepNode(page, 'chk').click();
    await page.getByRole('tab', { name: 'Inspector' }).click();
    const meta = '.inspector .comment-meta';
    await page.locator(meta).waitFor();
    expect(await page.locator(meta).textContent()).toMatch(/^مريم الحسن 20 Nov 2026/);
    expect(await drawnAfterName(meta, '20 Nov 2026')).toBe(true);
    // The comment itself takes the direction of what is typed in it.
    expect(await page.locator('.inspector .comment-text').getAttribute('dir')).toBe('auto');
  });

  it('on a waived finding: the date is drawn after who waived it', async () => {
    await page.getByRole('tab', { name: /Findings/ }).click();
    await page.getByLabel('Open or waived').selectOption('waived');
    const waiver = '.finding[data-rule="human-join"][data-target="j3"] .finding-waiver';
    await page.locator(waiver).waitFor();
    expect(await drawnAfterName(waiver, '(2026-11-20)')).toBe(true);
    await page.getByLabel('Open or waived').selectOption('open');
  });

  it('in the Disclosures: the name is isolated, the date drawn after it', async () => {
    await page.locator('.disclosures > summary').click();
    const waived = page.getByRole('list', { name: 'Waived findings' });
    await waived.waitFor();
    expect(await waived.locator('bdi').allTextContents()).toContain(NAME);
    expect(await drawnAfterName('.disclosures [aria-label="Waived findings"] li', 'on 2026-11-20')).toBe(true);
    await page.locator('.disclosures > summary').click();
  });

  it('on the scorecard: the date is drawn after who scored', async () => {
    await page.getByRole('button', { name: 'Scorecard', exact: true }).click();
    const team = '.surface-row[data-surface="workflow"] [data-team-score]';
    await page.locator(team).waitFor();
    expect(await page.locator(team).textContent()).toContain(`(${NAME}, 2026-11-21)`);
    expect(await drawnAfterName(team, '2026-11-21')).toBe(true);
    await page.keyboard.press('Escape');
  });

  it('in the presence list: the name is isolated in the avatar’s title', async () => {
    const avatar = page.locator(`.avatar[data-peer="${PEER}"]`);
    await avatar.waitFor();
    expect(await avatar.getAttribute('title')).toBe(`Follow \u2068${PEER}\u2069's view`);
  });
});
