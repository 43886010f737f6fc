import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { StallMap } from '../../src/core/model';
import { templates } from '../../src/core/templates';
import { loadFixture } from '../fixtures/load';
import { canvasSteps } from './canvas';
import { withAppAndBrowser } from './setup';

const HOSTILE = '<img src=x onerror="window.__pwned=1"> `rm` | [x](javascript:alert(1)) -->';

const env = withAppAndBrowser();
let page: Page;

beforeAll(async () => {
  const map = loadFixture('contract-review');
  map.steps[2].label = HOSTILE;
  const created = await env.app.createMap(map);
  page = (await env.browser.person('Facilitator')).page;
  await page.goto(created.links.edit);
  await page.locator('[data-metric="lead-time"]').waitFor();
  await page.getByRole('button', { name: 'Plan', exact: true }).click();
  await page.locator('.plan-picture img').waitFor();
});


async function pdfText(pdf: Buffer): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: true }).promise;
  let text = '';
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    text += `${content.items.map((item) => ('str' in item ? item.str : '')).join(' ')}\n`;
  }
  return text.replace(/\s+/g, ' ');
}

describe('the redesign plan in the page', () => {
  it('previews the plan with its triage, 30-day gates and the map picture', async () => {
    const plan = page.locator('.plan-document');
    expect(await plan.locator('h1').textContent()).toContain('Redesign plan: Contract review with AI summaries');
    expect(await plan.textContent()).toContain('The rollout is stalled because');
    expect(await plan.locator('h3').allTextContents()).toContain('Next 30 days');
    expect(await plan.locator('h2').allTextContents()).toEqual(expect.arrayContaining(['Summary', 'Scorecard', 'Rollout gate', 'Appendix: the map']));
    expect(await plan.locator('.plan-picture img').getAttribute('src')).toMatch(/^data:image\/svg\+xml;/);
  });

  it('shows a hostile label as text: no element, no script, no link from it', async () => {
    const plan = page.locator('.plan-document');
    expect(await plan.textContent()).toContain('<img src=x onerror=');
    expect(await plan.locator('img[src="x"]').count()).toBe(0);
    expect(await plan.locator('a[href^="javascript"]').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('.react-flow__node[data-id="chk"] .step-label').textContent()).toBe(HOSTILE);
  });

  it('shows the hostile label as text in the findings panel and inside an exported SVG too', async () => {
    await page.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('tab', { name: /Findings/ }).click();
    expect(await page.locator('.findings').textContent()).toContain('<img src=x onerror=');
    expect(await page.locator('.findings img').count()).toBe(0);
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'Export SVG' }).click()]);
    const { readFileSync } = await import('node:fs');
    const svg = readFileSync((await download.path()) as string, 'utf8');
    expect(svg).toContain('&lt;img src=x onerror=');
    expect(svg).not.toContain('<img src=x');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await page.getByRole('button', { name: 'Plan', exact: true }).click();
    await page.locator('.plan-picture img').waitFor();
  });

  /**
   * The first page stands alone: printing puts the scorecard on a page of its own (plan.css:
   * break-before on the second h2), so the summary fits one A4 page exactly when the PDF's first
   * page holds the whole summary (its last part, the people and the milestone) and the second
   * page begins with the scorecard. Checked on the PDF's text, page by page.
   */
  it('prints the summary on one A4 page: the second page begins with the scorecard', async () => {
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: true }).promise;
    const pageText = async (n: number) => (await (await doc.getPage(n)).getTextContent()).items.map((item) => ('str' in item ? item.str : '')).join(' ').replace(/\s+/g, ' ').trim();
    const first = await pageText(1);
    expect(first).toContain('Next 30 days');
    expect(first).toContain('90-day milestone');
    expect(first).not.toContain('Rests on');
    expect(await pageText(2)).toMatch(/^Scorecard/);
  });

  it('with a redesign, prints a first page that stands alone (A4 and Letter), the redesigned map drawn on it, and keeps each heading with its picture', async () => {
    const map = loadFixture('contract-review');
    const redesigned = structuredClone(map.steps);
    redesigned[2].sampleRate = 0.1;
    const joins = map.joins.map((j) => ({ ...j, handoff: 'system' as const, waitMinutes: 0 }));
    const created = await env.app.createMap({ ...map, version: 2, program: { sponsor: 'COO', lead: 'Dana Ortiz', milestone: { text: 'Summaries go to the paralegal by API', due: '2027-03-01' } }, redesign: { steps: redesigned, joins } });
    const other = (await env.browser.person('Board secretary')).page;
    await other.goto(created.links.review);
    await other.locator('[data-metric="lead-time"]').waitFor();
    await other.getByRole('button', { name: 'Plan', exact: true }).click();
    await expect.poll(() => other.locator('.plan-picture img').count()).toBe(2);
    await other.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('.plan-picture img')].every((img) => img.complete));

    for (const format of ['A4', 'Letter'] as const) {
      const doc = await getDocument({ data: new Uint8Array(await other.pdf({ format, printBackground: true })), useSystemFonts: true }).promise;
      const pages: { text: string; pictures: number }[] = [];
      for (let n = 1; n <= doc.numPages; n++) {
        const page = await doc.getPage(n);
        const text = (await page.getTextContent()).items.map((item) => ('str' in item ? item.str : '')).join(' ').replace(/\s+/g, ' ').trim();
        const { fnArray } = await page.getOperatorList();
        pages.push({ text, pictures: fnArray.filter((fn) => fn === OPS.paintImageXObject).length });
      }
      // Both pictures are drawn as SVGs: vector, their titles and labels among the page's text.
      const first = pages[0];
      expect(first.text, format).toContain('Before and after');
      expect(first.text, format).toContain('The redesign');
      expect(first.text, format).toContain('Contract review with AI summaries: the redesign');
      expect(pages[1].text, format).toMatch(/^Scorecard/);
      const appendix = pages.find((p) => p.text.includes('Appendix: the map'));
      expect(appendix?.text, format).toContain('Contract review with AI summaries 4 steps');
      expect(appendix?.pictures, format).toBe(0);
    }
    await other.context().close();
  });

  it('prints to a PDF (A4 and Letter) that carries the triage sentence', async () => {
    for (const format of ['A4', 'Letter'] as const) {
      const pdf = await page.pdf({ format, printBackground: true });
      const text = await pdfText(pdf);
      expect(text).toContain('The rollout is stalled because');
      expect(text).toContain('Redesign plan: Contract review with AI summaries');
      expect(text).not.toContain('Auto-layout');
    }
  });

  it('downloads the plan as Markdown with its Mermaid picture', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download Markdown' }).click()]);
    expect(download.suggestedFilename()).toBe('contract-review-with-ai-summaries-plan.md');
    const { readFileSync } = await import('node:fs');
    const markdown = readFileSync((await download.path()) as string, 'utf8');
    expect(markdown).toContain('```mermaid\nflowchart LR');
    expect(markdown).toContain('### Next 30 days');
    await page.getByRole('button', { name: 'Close' }).click();
  });

  it('imports a Mermaid flowchart a team already drew', async () => {
    const other = (await env.browser.person('Newcomer')).page;
    await other.goto(env.app.url);
    const flowchart = ['flowchart LR', '  in([Request received]) --> draft{{ai: Draft reply}}', '  draft -.->|emailed 2h| check[[check: Agent reads draft]]', '  check --> out([Reply sent])'].join('\n');
    await other.locator('[data-testid="import-file"]').setInputFiles({ name: 'support.mmd', mimeType: 'text/plain', buffer: Buffer.from(flowchart) });
    await other.waitForURL(/\/m\//);
    await expect.poll(async () => (await canvasSteps(other)).length).toBe(4);
    expect(await other.locator('.react-flow__node .step-ai').count()).toBe(1);
    expect(await other.locator('.react-flow__node .step-verification').count()).toBe(1);
  });
});

/**
 * A long workflow (the invoice template is one line of nine steps, 3,500 px wide) printed at the
 * page's width was a strip whose labels printed at 2 pt. The appendix draws it in rows instead.
 */
describe('the printed plan of a long map', () => {
  it('prints the map in the appendix in rows a board can read: every step’s label at 6 pt or more (A4 and Letter)', async () => {
    const invoice = templates.find((t) => t.name === 'invoice-processing')?.map as StallMap;
    const created = await env.app.createMap(invoice);
    const reader = (await env.browser.person('Board member')).page;
    await reader.goto(created.links.review);
    await reader.locator('[data-metric="lead-time"]').waitFor();
    await reader.getByRole('button', { name: 'Plan', exact: true }).click();
    await reader.locator('.plan-picture img').waitFor();
    await reader.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('.plan-picture img')].every((img) => img.complete));
    for (const format of ['A4', 'Letter'] as const) {
      const doc = await getDocument({ data: new Uint8Array(await reader.pdf({ format, printBackground: true })), useSystemFonts: true }).promise;
      let appendix: { str: string; height: number }[] = [];
      for (let n = 1; n <= doc.numPages; n++) {
        const items = (await (await doc.getPage(n)).getTextContent()).items.flatMap((item) => ('str' in item && item.str.trim() ? [{ str: item.str.trim(), height: item.height }] : []));
        if (items.some((item) => item.str.includes('Appendix: the map'))) appendix = items;
      }
      // A label may print on two lines: each step is found by its label's first line.
      const labels = invoice.steps.map((step) => appendix.find((item) => step.label.startsWith(item.str) && item.str.length >= Math.min(step.label.length, 8)));
      expect(labels.map((found, i) => (found ? invoice.steps[i].label : undefined)), format).toEqual(invoice.steps.map((step) => step.label));
      for (const found of labels) expect(found?.height, `${format}: ${found?.str}`).toBeGreaterThanOrEqual(6);
    }
    await reader.context().close();
  });
});

/** The printed plan as a board member holds it: what every page's header and footer say, and every table inside the page. */
describe('the printed plan', () => {
  const LONG_ADDRESS = 'https://wiki.example.com/display/LEGAL/Contract+review+pilot+evaluation+report+2026+final+version+with+every+figure+the+team+measured';
  let printed: Page;
  let link: string;

  beforeAll(async () => {
    const map = loadFixture('contract-review');
    const created = await env.app.createMap({ ...map, version: 2, assessment: { stabilization: { score: 3, evidence: `Load test in March, see ${LONG_ADDRESS}`, by: 'Dana Ortiz' } } });
    link = created.links.edit;
    printed = (await env.browser.person('Board secretary')).page;
    await printed.goto(link);
    await printed.locator('[data-metric="lead-time"]').waitFor();
    await printed.getByRole('button', { name: 'Plan', exact: true }).click();
    await printed.locator('.plan-picture img').waitFor();
  });

  it('names the plan on every page and in the PDF, and never prints the link’s token', async () => {
    // The templates Chrome's "Headers and footers" fills: the page's title and its address.
    const pdf = await printed.pdf({ format: 'A4', displayHeaderFooter: true, headerTemplate: '<span class="title" style="font-size:8px"></span>', footerTemplate: '<span class="url" style="font-size:8px"></span>' });
    const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: true }).promise;
    const { info } = (await doc.getMetadata()) as { info: { Title?: string } };
    expect(info.Title).toBe('Redesign plan: Contract review with AI summaries');
    const text = await pdfText(pdf);
    expect(text).not.toContain('token=');
    expect(text).toContain(new URL(link).pathname);
    // The plan closed, the page's address is the link again, and the map is still open.
    await printed.getByRole('button', { name: 'Close' }).click();
    expect(await printed.evaluate(() => [location.hash, document.title])).toEqual([new URL(link).hash, 'Stallmap']);
    await printed.locator('[data-metric="lead-time"]').waitFor();
    await printed.getByRole('button', { name: 'Plan', exact: true }).click();
    await printed.locator('.plan-picture img').waitFor();
  });

  /**
   * A table wider than the page is not cut on paper: Chromium shrinks the whole document to fit it,
   * so every page of the plan prints smaller. The heading printed at its own size (16pt, plan.css)
   * says no table pushed the page wider.
   */
  it('prints each table inside the page, its words whole (A4 and Letter)', async () => {
    for (const format of ['A4', 'Letter'] as const) {
      const pdf = await printed.pdf({ format, printBackground: true });
      expect(await pdfText(pdf), format).toContain('Surface Score Rests on Team’s score architecture');
      const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: true }).promise;
      const heading = (await (await doc.getPage(1)).getTextContent()).items.find((item) => 'str' in item && item.str.startsWith('Redesign plan'));
      expect(heading && 'height' in heading ? heading.height : 0, format).toBeCloseTo(16, 0);
    }
  });
});
