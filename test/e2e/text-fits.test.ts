import { afterEach, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { CURRENT_VERSION, type StallMap } from '../../src/core/model';
import { loadFixture } from '../fixtures/load';
import { stepNode } from './canvas';
import { withAppAndBrowser } from './setup';

/**
 * Dialogs and panels keep what they show inside them: no dialog scrolls sideways, and a long word
 * someone typed (a URL, a reference number, a German compound) wraps where it is shown.
 */
const env = withAppAndBrowser();
const opened: BrowserContext[] = [];

/** Sixty letters and no place to break them. */
const LONG = 'Vertragsüberprüfungsbeschleunigungsmaßnahmenkatalogverordnung';

/** The contract-review example with a long word in a label, a waiver's reason, the program and a team score. */
function mapOfLongWords(): StallMap {
  const map = loadFixture('contract-review');
  map.version = CURRENT_VERSION as StallMap['version'];
  map.steps[2].label = `Paralegal re-reads ${LONG}`;
  map.steps[2].owner = LONG.slice(0, 60);
  map.waivers = [{ rule: 'human-join', target: 'j3', by: 'COO', at: '2026-01-05', reason: `Board asked: ${LONG}${LONG}` }];
  map.program = { sponsor: 'COO', lead: LONG, milestone: { text: `Summaries by API ${LONG}`, due: '2027-03-01' }, measures: [{ name: LONG, target: LONG, owner: 'Dana', cadence: 'weekly' }] };
  map.assessment = { workflow: { score: 2, evidence: `Seen in ${LONG}${LONG}`, by: 'COO', at: '2026-01-05' } };
  return map;
}

async function open(link: string, name = 'Reader'): Promise<Page> {
  const { context, page } = await env.browser.person(name);
  opened.push(context);
  await page.goto(link);
  await page.locator('.react-flow__node').first().waitFor();
  await page.locator('[data-metric="lead-time"]').waitFor();
  return page;
}

afterEach(async () => {
  for (const context of opened.splice(0)) await context.close();
});

/** How far each element matched runs past its own box sideways (0 for each when everything fits). */
const sidewaysOverflow = (page: Page, selector: string) => page.locator(selector).evaluateAll((els) => els.map((el) => el.scrollWidth - el.clientWidth));
const allFit = (overflows: number[]) => overflows.length > 0 && overflows.every((o) => o <= 0);

describe('dialogs fit their width', () => {
  for (const role of ['edit', 'review'] as const) {
    it(`Program, Scorecard and Share through the ${role} link do not scroll sideways`, async () => {
      const created = await env.app.createMap(mapOfLongWords());
      const page = await open(created.links[role]);
      for (const [button, dialog] of [['Program', '.program-panel'], ['Scorecard', '.scorecard-panel'], ['Share', '.share']] as const) {
        await page.getByRole('button', { name: button, exact: true }).click();
        await page.locator(dialog).waitFor();
        expect(allFit(await sidewaysOverflow(page, dialog)), `${dialog} scrolls sideways`).toBe(true);
        await page.keyboard.press('Escape');
        await page.locator(dialog).waitFor({ state: 'detached' });
      }
    }, 60_000);
  }
});

describe('a long word wraps where it is shown', () => {
  it('in the findings, the Disclosures, the inspector, the scorecard and the plan', async () => {
    const created = await env.app.createMap(mapOfLongWords());
    const page = await open(created.links.review);

    await page.getByRole('tab', { name: /Findings/ }).click();
    await page.locator('.finding-message', { hasText: LONG }).first().waitFor();
    expect(allFit(await sidewaysOverflow(page, '.findings')), 'the findings panel').toBe(true);
    expect(allFit(await sidewaysOverflow(page, '.finding-message')), 'a finding message').toBe(true);

    await page.locator('.disclosures > summary').click();
    expect(allFit(await sidewaysOverflow(page, '.disclosures-body > ul')), 'the Disclosures').toBe(true);
    await page.locator('.disclosures > summary').click();

    await stepNode(page, 'chk').click();
    await page.getByRole('tab', { name: 'Inspector' }).click();
    await page.getByLabel('New comment').waitFor();
    expect(allFit(await sidewaysOverflow(page, '.inspector')), 'the inspector').toBe(true);

    await page.getByRole('button', { name: 'Scorecard', exact: true }).click();
    await page.locator('[data-surface="workflow"] [data-team-score]', { hasText: LONG }).waitFor();
    expect(allFit(await sidewaysOverflow(page, '.scorecard-panel')), 'the scorecard').toBe(true);
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Plan', exact: true }).click();
    await page.locator('.plan-picture img').first().waitFor();
    expect(allFit(await sidewaysOverflow(page, '.plan-document')), 'the plan').toBe(true);
  }, 60_000);
});
