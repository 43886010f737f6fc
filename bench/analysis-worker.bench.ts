import { existsSync } from 'node:fs';
import { build } from 'vite';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../test/e2e/browser';
import { startApp } from '../test/e2e/app';
import { generateMap, placeOnGrid } from './generate-map';

/**
 * `npm run bench analysis-worker`: what the analysis costs the page while a large map is edited.
 * Real Chromium on the built app, the same map opened twice: once as shipped (a map this large is
 * analysed in a worker), once with the worker's script refused, so the page falls back to
 * analysing on its own thread, as every map was before the worker. In each, a step's label is
 * typed a key at a time (a pause after each key, long enough for the analysis to start) and a
 * step is dragged; the page records its long tasks, and the long animation frames' scripts run
 * from a timer (where the analysis runs on the main thread).
 *
 * `tsx bench/analysis-worker.bench.ts [steps]`; STALLMAP_SKIP_BUILD=1 reuses dist/.
 */
const STEPS = Number(process.argv[2] ?? 5000);
const KEY_PAUSE_MS = 150;

interface Stalls {
  longTasks: number[];
  /** Scripts in long animation frames run from a timer: the analysis, when it runs on the page. */
  timerScripts: number[];
  /** Scripts in long animation frames answering a worker's message: the findings arriving. */
  messageScripts: number[];
}

const ms = (value: number) => `${Math.round(value)} ms`;
const longest = (values: number[]) => Math.max(0, ...values);
const total = (values: number[]) => values.reduce((a, b) => a + b, 0);

// Plain text, not a function: tsx's transform would wrap a function in helpers the page does not have.
const RECORDER = `
  window.stalls = { longTasks: [], timerScripts: [], messageScripts: [] };
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.stalls.longTasks.push(e.duration); })
    .observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((list) => {
    for (const frame of list.getEntries())
      for (const script of frame.scripts ?? [])
        if (script.invokerType === 'user-callback' && /setTimeout/.test(script.invoker)) window.stalls.timerScripts.push(script.duration);
        else if (/^Worker[.]/.test(script.invoker)) window.stalls.messageScripts.push(script.duration);
  }).observe({ type: 'long-animation-frame', buffered: true });
`;

async function measure(page: Page, work: () => Promise<void>): Promise<Stalls> {
  await page.evaluate('window.stalls = { longTasks: [], timerScripts: [], messageScripts: [] }');
  await work();
  // The last edit's analysis, and its findings drawn.
  await page.waitForTimeout(2000);
  return page.evaluate('window.stalls') as Promise<Stalls>;
}

async function editOnce(page: Page, label: string): Promise<{ typing: Stalls; drag: Stalls; worker: boolean }> {
  // A step React Flow draws, or a box drawn from afar: a click selects either.
  const node = page.locator('.react-flow__node, .far-step').first();
  await node.click();
  const field = page.locator('input[name="label"]');
  await field.waitFor();
  const typing = await measure(page, async () => {
    for (const key of label) {
      await field.press(key === ' ' ? 'Space' : key);
      await page.waitForTimeout(KEY_PAUSE_MS);
    }
  });
  const box = await node.boundingBox();
  if (!box) throw new Error('no step on screen');
  const drag = await measure(page, async () => {
    await page.mouse.move(box.x + 10, box.y + 10);
    await page.mouse.down();
    for (let i = 1; i <= 40; i++) {
      await page.mouse.move(box.x + 10 + i * 4, box.y + 10 + i * 2);
      // A hand pauses now and then: each pause lets an analysis start.
      if (i % 10 === 0) await page.waitForTimeout(KEY_PAUSE_MS);
    }
    await page.mouse.up();
  });
  const worker = (await page.evaluate('performance.getEntriesByType("resource").some((e) => /analysis\\.worker/.test(e.name))')) as boolean;
  return { typing, drag, worker };
}

async function main() {
  if (process.env.STALLMAP_SKIP_BUILD !== '1' || !existsSync('dist/index.html')) {
    process.env.NODE_ENV = 'production';
    await build({ configFile: 'vite.config.ts', mode: 'production', logLevel: 'warn' });
  }
  // A 5,000-step map with positions is a little over the default 1 MiB body limit.
  const app = await startApp({ maxBodyBytes: 16 * 1024 * 1024 });
  const browser = await launchBrowser();
  try {
    const map = placeOnGrid(generateMap(STEPS, 7), 70);
    const rows: string[] = [];
    for (const mode of ['main thread (worker refused)', 'worker'] as const) {
      const created = await app.createMap(map);
      const { page, context } = await browser.person('Bench');
      if (mode !== 'worker') await page.route(/analysis\.worker/, (route) => route.abort());
      const warnings: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'warning' && /analysis worker/.test(m.text())) warnings.push(m.text());
      });
      await page.addInitScript({ content: RECORDER });
      await page.goto(created.links.edit);
      await page.locator('.react-flow__node, .far-step').first().waitFor({ timeout: 300_000 });
      await page.locator('[data-metric="lead-time"]').waitFor({ timeout: 300_000 });
      await page.waitForTimeout(3000);
      const { typing, drag, worker } = await editOnce(page, 'Re-key ERP');
      const ranIn = mode === 'worker' ? (worker && warnings.length === 0 ? 'worker' : 'main thread (worker did not run!)') : warnings.length ? 'main thread' : 'worker (not refused!)';
      for (const [what, stalls] of [
        ['typing a label', typing],
        ['dragging a step', drag],
      ] as const) {
        rows.push(`| ${what} | ${ranIn} | ${ms(longest(stalls.longTasks))} | ${stalls.longTasks.length}, ${ms(total(stalls.longTasks))} | ${ms(longest(stalls.timerScripts))} | ${ms(longest(stalls.messageScripts))} |`);
      }
      await context.close();
    }
    console.log(`Map: ${map.steps.length} steps, ${map.joins.length} joins, laid out on a grid; typing pauses ${KEY_PAUSE_MS} ms after each key.\n`);
    console.log('| edit | analysis ran on | longest main-thread task | long tasks (>50 ms): count, total | longest timer script (analysis on the page, or posting the map) | longest worker answer (findings applied) |');
    console.log('|---|---|---|---|---|---|');
    for (const row of rows) console.log(row);
  } finally {
    await browser.close();
    await app.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
