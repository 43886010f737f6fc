import type * as Y from 'yjs';
import type { Page } from 'playwright-core';
import { stepsOf } from '../src/collab/doc';
import type { StallMap } from '../src/core/model';
import type { AppHandle } from '../test/e2e/app';
import type { BrowserHandle } from '../test/e2e/browser';
import { flagValue, mapSizes, withBuiltApp } from './built-app';
import { generateMap, placeOnGrid } from './generate-map';
import { median } from './rounds';
import { client } from './sync-clients';

/**
 * `npm run bench compare [steps…] [--runs N] [--dist DIR]`: is the compare view of a large map
 * usable? Real Chromium on the built app, for each size (1,000 and 4,900 steps a state unless
 * given; 4,900 is the largest whose two states fit the server's default limit of 10,000 steps): a
 * map whose redesign renames every seventh step and drops every eleventh join. From the canvas,
 * Compare is clicked: the time until both panes show steps and the longest main-thread task. Then
 * a colleague (a stock y-websocket client) renames a step ten times, 500 ms apart: the longest
 * task and the median long task each edit costs the page. Each size `--runs` times (3).
 */
const args = process.argv.slice(2);
const STEPS = mapSizes(args, [1000, 4900]);
const RUNS = Number(flagValue(args, 'runs') ?? 3);
/** An app already built (`npx vite build --outDir DIR`) to serve instead of building one. */
const BUILT = flagValue(args, 'dist');
const EDITS = 10;

const LONG_TASKS = `window.longTasks = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.longTasks.push(e.duration); }).observe({ type: 'longtask', buffered: true });`;

interface Run {
  openMs: number;
  openLongest: number;
  editLongest: number;
  editMedian: number;
}

function comparedMap(size: number): StallMap {
  const map = placeOnGrid(generateMap(size), 70);
  const redesign = {
    steps: map.steps.map((s, i) => (i % 7 === 0 ? { ...s, label: `${s.label} (redrawn)` } : s)),
    joins: map.joins.filter((_, i) => i % 11 !== 0),
  };
  return { ...map, redesign };
}

const longTasks = async (page: Page) => (await page.evaluate('window.longTasks')) as number[];

async function measure(app: AppHandle, browser: BrowserHandle, map: StallMap): Promise<Run> {
  const created = await app.createMap(map);
  const { page, context } = await browser.person('Dana');
  try {
    await page.addInitScript(LONG_TASKS);
    await page.goto(created.links.edit);
    await page.locator('.react-flow__node, .far-step').first().waitFor({ timeout: 120_000 });
    await page.waitForTimeout(3000);
    await page.evaluate('window.longTasks = []');
    const started = Date.now();
    await page.getByRole('radio', { name: /Compare/ }).or(page.getByRole('button', { name: /^Compare/ })).first().click();
    await page.locator('[data-compare-state="redesign"] .react-flow__node').first().waitFor({ timeout: 120_000 });
    const openMs = Date.now() - started;
    await page.waitForTimeout(3000);
    const opening = await longTasks(page);

    await page.evaluate('window.longTasks = []');
    const colleague = client(app.syncUrl, created.id, new URL(created.links.edit).hash.replace('#token=', ''));
    await colleague.synced;
    const step = stepsOf(colleague.doc).get(map.steps[3].id) as Y.Map<unknown>;
    for (let i = 0; i < EDITS; i++) {
      step.set('label', `Renamed ${i}`);
      await new Promise((done) => setTimeout(done, 500));
    }
    await page.waitForTimeout(1500);
    const editing = await longTasks(page);
    colleague.close();
    return { openMs, openLongest: Math.max(0, ...opening), editLongest: Math.max(0, ...editing), editMedian: editing.length ? median(editing) : 0 };
  } finally {
    await context.close();
  }
}

const ms = (value: number) => `${Math.round(value).toLocaleString('en')} ms`;
const range = (runs: Run[], pick: (run: Run) => number) => {
  const values = runs.map(pick);
  return `${ms(median(values))} (${ms(Math.min(...values))}–${ms(Math.max(...values))})`;
};

async function main() {
  const results = await withBuiltApp(BUILT, async (app, browser) => {
    const measured: { size: number; runs: Run[] }[] = [];
    for (const size of STEPS) {
      const map = comparedMap(size);
      const runs: Run[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await measure(app, browser, map));
      measured.push({ size, runs });
      console.error(`measured ${size} steps a state`);
    }
    return measured;
  });
  console.log(`Compare view, ${RUNS} runs a size: median (min–max)\n`);
  console.log(`| steps a state | Compare clicked to both panes drawn | longest task while opening | a colleague's edit: longest task | median long task |`);
  console.log('|---:|---:|---:|---:|---:|');
  for (const { size, runs } of results) {
    console.log(`| ${size.toLocaleString('en')} | ${range(runs, (r) => r.openMs)} | ${range(runs, (r) => r.openLongest)} | ${range(runs, (r) => r.editLongest)} | ${range(runs, (r) => r.editMedian)} |`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
