import type { Page } from 'playwright-core';
import type { StallMap } from '../src/core/model';
import type { AppHandle } from '../test/e2e/app';
import type { BrowserHandle } from '../test/e2e/browser';
import { flagValue, mapSizes, withBuiltApp } from './built-app';
import { generateMap } from './generate-map';
import { openPlainly } from './plain-browser';
import { client } from './sync-clients';

/**
 * `npm run bench editor [steps…] [--no-layout] [--redesign] [--dist DIR]`: is a large map usable in the
 * browser? Real Chromium on the built app, for each size (500, 1,000 and 5,000 steps unless
 * given): time to open the map and the longest main-thread task while it opens, in a browser as a
 * person has it (plain-browser.ts) and driven by Playwright; a drag of one
 * step right after opening, at fit view (frame gaps); typing a label (keystroke to the canvas);
 * at 5,000 steps a pan of the canvas; the findings tab opened (click to the list shown) and a
 * drag with it open; then auto-layout (ELK in a worker), the longest task while
 * its positions are applied, how many steps are on screen once it is done, and a drag again.
 * `--redesign`: each map carries a redesign that is a copy of it, as a map does once its redesign
 * is started, so every analysis works out both states (4,900 steps at most: both states count
 * against the server's default limit of 10,000).
 */
const args = process.argv.slice(2);
const STEPS = mapSizes(args, [500, 1000, 5000]);
const LAYOUT = !args.includes('--no-layout');
const REDESIGN = args.includes('--redesign');
/** An app already built (`npx vite build --outDir DIR`) to serve instead of building one. */
const BUILT = flagValue(args, 'dist');

const quantile = (values: number[], q: number) => {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const ms = (value: number) => (Number.isFinite(value) ? `${Math.round(value).toLocaleString('en')} ms` : '–');
/** A frame gap over this missed at least one frame at 60 Hz. */
const MISSED_MS = 20;
// The gaps come in whole frames (17, 33, 50 ms): the share that missed one tells progress a p95 stuck at 33 ms hides.
const gapsText = (gaps: number[] | null) =>
  gaps
    ? `${ms(quantile(gaps, 0.5))} / ${ms(quantile(gaps, 0.95))} / ${ms(Math.max(...gaps))}, ${Math.round((100 * gaps.filter((gap) => gap > MISSED_MS).length) / gaps.length)}% over ${MISSED_MS} ms`
    : 'no step on screen';
const longest = (tasks: number[]) => `${tasks.length}, longest ${ms(Math.max(0, ...tasks))}`;

interface Stalls {
  gaps: number[];
  longTasks: number[];
}

interface Figures {
  steps: number;
  joins: number;
  openMs: number;
  openTasks: number[];
  /** The same, in a browser with no DevTools domain on (plain-browser.ts). */
  plainOpenMs: number;
  plainOpenTasks: number[];
  dragAtFit: number[] | null;
  keystrokes: number[];
  keyToPaint: number[];
  pan: number[] | null;
  findingsMs: number;
  findingsTasks: number[];
  dragWithFindings: number[] | null;
  layoutMs?: number;
  layoutTasks?: number[];
  onScreenAfterLayout?: number;
  dragAfterLayout?: number[] | null;
  domNodes: number;
}

// Frame gaps and long tasks are recorded in the page from the start. Plain text, not a function:
// tsx's transform would wrap a function in helpers the page does not have.
const RECORDER = `
  window.gaps = []; window.longTasks = [];
  let last = performance.now();
  requestAnimationFrame(function tick(now) { window.gaps.push(now - last); last = now; requestAnimationFrame(tick); });
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.longTasks.push(e.duration); })
    .observe({ type: 'longtask', buffered: true });
  // A keystroke, timed in the page: from the key event (its timeStamp: when the browser took the key,
  // so time the page was too busy to take it counts) until the frame that shows the label on the
  // canvas has been drawn (the task after that frame's animation-frame callback).
  let pressed = 0;
  document.addEventListener('keydown', (e) => { pressed = e.timeStamp; }, true);
  window.expectLabel = (want) => {
    window.labelShown = new Promise((done) => {
      const watch = new MutationObserver(() => {
        if (![...document.querySelectorAll('.step-label')].some((el) => el.textContent === want)) return;
        watch.disconnect();
        requestAnimationFrame(() => setTimeout(() => done(performance.now() - pressed)));
      });
      watch.observe(document.body, { subtree: true, childList: true, characterData: true });
    });
  };
`;

const reset = (page: Page) => page.evaluate('window.gaps = []; window.longTasks = []');
const stalls = (page: Page) => page.evaluate('({ gaps: window.gaps.slice(), longTasks: window.longTasks.slice() })') as Promise<Stalls>;
const frames = (page: Page, count: number) =>
  page.evaluate(`new Promise((done) => { let n = ${count}; const next = () => (--n <= 0 ? done() : requestAnimationFrame(next)); requestAnimationFrame(next); })`);

/** A step on the canvas: one React Flow draws, or a box drawn from afar (FarSteps). */
const STEP = '.react-flow__node, .far-step';
/** Opened: a step shown, the page connected and the lead time analysed. */
const OPENED = `!!document.querySelector('${STEP}') && !!document.querySelector('.connection.is-connected') && !!document.querySelector('[data-metric="lead-time"]')`;

/** The step nearest the middle of the canvas whose box is on screen (centre point), or null. */
async function stepOnScreen(page: Page): Promise<{ x: number; y: number } | null> {
  return page.evaluate((step) => {
    const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
    if (!pane) return null;
    const mid = { x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 };
    let best: { x: number; y: number; d: number } | null = null;
    for (const el of document.querySelectorAll(step)) {
      const r = el.getBoundingClientRect();
      const x = r.left + r.width / 2;
      const y = r.top + r.height / 2;
      if (x < pane.left + 40 || x > pane.right - 300 || y < pane.top + 40 || y > pane.bottom - 200) continue;
      if (!document.elementFromPoint(x, y)?.closest(step)) continue;
      const d = Math.hypot(x - mid.x, y - mid.y);
      if (!best || d < best.d) best = { x, y, d };
    }
    return best && { x: best.x, y: best.y };
  }, STEP);
}

/** Steps whose boxes are at least partly inside the canvas. */
const countOnScreen = (page: Page) =>
  page.evaluate((step) => {
    const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
    if (!pane) return 0;
    return [...document.querySelectorAll(step)].filter((el) => {
      const r = el.getBoundingClientRect();
      return r.right > pane.left && r.left < pane.right && r.bottom > pane.top && r.top < pane.bottom;
    }).length;
  }, STEP);

/** An empty point of the canvas to grab for a pan. */
const emptyPoint = (page: Page) =>
  page.evaluate(() => {
    const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
    if (!pane) return null;
    for (let y = pane.top + 60; y < pane.bottom - 200; y += 20)
      for (let x = pane.left + 60; x < pane.right - 260; x += 20) if (document.elementFromPoint(x, y)?.classList.contains('react-flow__pane')) return { x, y };
    return null;
  });

/** 120 mouse moves, as a person's hand would: frame gaps while they happen. */
async function drag(page: Page, from: { x: number; y: number }, dx = 2, dy = 1): Promise<number[]> {
  await reset(page);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  for (let i = 1; i <= 120; i++) await page.mouse.move(from.x + i * dx, from.y + i * dy);
  await page.mouse.up();
  await frames(page, 2);
  return (await stalls(page)).gaps;
}

/**
 * A server that has served a map before, as one that has been running has: one copy of the map
 * synced by a stock client. Each run starts a new server, and the first map it serves takes its
 * code paths cold (loading, encoding, cutting the answer into parts): from the page's socket
 * opening to the server's first message 124–419 ms on a new server, 27–283 ms on one that has
 * served a map (three runs each, 2026-12-02). The plain browser opened first and paid that; the
 * page driven by Playwright, second, did not. Now neither does.
 */
async function warmServer(app: AppHandle, map: StallMap): Promise<void> {
  const created = await app.createMap(map);
  const copy = client(app.syncUrl, created.id, created.tokens.edit);
  await copy.synced;
  copy.close();
}

async function measure(app: AppHandle, browser: BrowserHandle, size: number): Promise<Figures> {
  const map = generateMap(size, 7);
  for (const step of map.steps) delete step.position;
  if (REDESIGN) map.redesign = { steps: map.steps.map((step) => ({ ...step })), joins: map.joins.map((join) => ({ ...join })) };
  await warmServer(app, map);
  // Opened first as a person's browser opens it, then (a copy, so neither finds the room loaded) driven by Playwright.
  const plain = await openPlainly((await app.createMap(map)).links.edit, OPENED, `${RECORDER}; localStorage.setItem('stallmap:name', 'Bench');`);
  const created = await app.createMap(map);
  const { page, context } = await browser.person('Bench');
  try {
    await page.addInitScript({ content: RECORDER });

    const t0 = Date.now();
    await page.goto(created.links.edit);
    await page.locator(STEP).first().waitFor({ timeout: 120_000 });
    await page.locator('.connection.is-connected').waitFor({ timeout: 120_000 });
    await page.locator('[data-metric="lead-time"]').waitFor({ timeout: 120_000 });
    const openMs = Date.now() - t0;
    await frames(page, 2);
    const openTasks = (await stalls(page)).longTasks;
    // The blocker's sentence arrives after the figures and adds a line to the summary above the
    // canvas, moving it down: a drag begun before it could start beside the step it aimed at.
    await page.locator('[data-metric="blocker"]').waitFor({ timeout: 120_000 });

    // Right after opening, at fit view: the whole map on screen.
    const target = await stepOnScreen(page);
    const dragAtFit = target ? await drag(page, target) : null;

    // Typing a label: time from each keystroke until the canvas shows it, in the page and as the
    // bench sees it (with the harness's round trips to the browser and back).
    const keystrokes: number[] = [];
    const keyToPaint: number[] = [];
    const typed = target ?? (await stepOnScreen(page));
    if (typed) {
      // A drag selects the step it moved; a step not dragged is selected by a click.
      if (!dragAtFit) await page.mouse.click(typed.x, typed.y);
      const field = page.locator('input[name="label"]');
      await field.waitFor();
      await field.fill('');
      const text = 'Re-key into ERP by hand';
      for (let i = 0; i < text.length; i++) {
        const expected = text.slice(0, i + 1);
        await page.evaluate((want) => (window as unknown as { expectLabel(want: string): void }).expectLabel(want), expected);
        const start = Date.now();
        await field.press(text[i] === ' ' ? 'Space' : text[i]);
        await page.waitForFunction((want) => [...document.querySelectorAll('.step-label')].some((el) => el.textContent === want), expected, { polling: 'raf' });
        keystrokes.push(Date.now() - start);
        keyToPaint.push(await page.evaluate('window.labelShown'));
      }
    }

    let pan: number[] | null = null;
    if (size >= 5000) {
      const point = await emptyPoint(page);
      if (point) pan = await drag(page, point, -4, -3);
    }

    // The findings tab, as a facilitator opens it to see what is wrong, and a drag with it open:
    // the list follows each edit's analysis.
    await reset(page);
    const t2 = Date.now();
    await page.getByRole('tab', { name: /Findings/ }).click();
    await page.locator('.findings .finding').first().waitFor({ timeout: 120_000 });
    await frames(page, 2);
    const findingsMs = Date.now() - t2;
    const findingsTasks = (await stalls(page)).longTasks;
    const grabbed = await stepOnScreen(page);
    const dragWithFindings = grabbed ? await drag(page, grabbed) : null;
    await page.getByRole('tab', { name: /Inspector/ }).click();

    const figures: Figures = {
      steps: map.steps.length,
      joins: map.joins.length,
      openMs,
      openTasks,
      plainOpenMs: plain.ms,
      plainOpenTasks: plain.longTasks,
      dragAtFit,
      keystrokes,
      keyToPaint,
      pan,
      findingsMs,
      findingsTasks,
      dragWithFindings,
      domNodes: 0,
    };
    if (LAYOUT) {
      await reset(page);
      const button = page.getByRole('button', { name: 'Auto-layout' });
      const t1 = Date.now();
      await button.click();
      await page.getByRole('button', { name: 'Arranging…' }).waitFor({ state: 'detached', timeout: 300_000 });
      figures.layoutMs = Date.now() - t1;
      // The view's fit after layout animates for 300 ms: wait well past it.
      await page.waitForTimeout(1500);
      figures.layoutTasks = (await stalls(page)).longTasks;
      figures.onScreenAfterLayout = await countOnScreen(page);
      const after = await stepOnScreen(page);
      figures.dragAfterLayout = after ? await drag(page, after) : null;
    }
    figures.domNodes = await page.locator('.react-flow__node').count();
    return figures;
  } finally {
    await context.close();
  }
}

function report(all: Figures[]) {
  const row = (name: string, cell: (f: Figures) => string) => console.log(`| ${name} | ${all.map(cell).join(' | ')} |`);
  console.log(`| measure | ${all.map((f) => `${f.steps.toLocaleString('en')} steps`).join(' | ')} |`);
  console.log(`|---|${all.map(() => '---').join('|')}|`);
  row('joins', (f) => f.joins.toLocaleString('en'));
  row('open the map (navigation to canvas shown, synced, analysed), a browser as a person has it', (f) => ms(f.plainOpenMs));
  row('long tasks (> 50 ms) while opening, the same', (f) => longest(f.plainOpenTasks));
  row('open the map, driven by Playwright (DevTools Runtime domain on)', (f) => ms(f.openMs));
  row('long tasks (> 50 ms) while opening, the same', (f) => longest(f.openTasks));
  row('drag right after opening, at fit view: frame gap p50 / p95 / max, share missing a frame', (f) => gapsText(f.dragAtFit));
  const p50p95 = (values: number[]) => (values.length ? `${ms(quantile(values, 0.5))} / ${ms(quantile(values, 0.95))}` : '–');
  row('typing a label: key event to the canvas frame showing it, in the page, p50 / p95', (f) => p50p95(f.keyToPaint));
  row('the same, as the bench sees it (round trips to the browser included) p50 / p95', (f) => p50p95(f.keystrokes));
  row('pan at fit view: frame gap p50 / p95 / max, share missing a frame', (f) => (f.pan ? gapsText(f.pan) : '–'));
  row('open the findings tab (click to the list shown)', (f) => ms(f.findingsMs));
  row('long tasks (> 50 ms) while it opens', (f) => longest(f.findingsTasks));
  row('drag with the findings tab open: frame gap p50 / p95 / max, share missing a frame', (f) => gapsText(f.dragWithFindings));
  if (LAYOUT) {
    row('auto-layout (click to positions applied)', (f) => ms(f.layoutMs ?? Number.NaN));
    row('long tasks (> 50 ms) during auto-layout', (f) => longest(f.layoutTasks ?? []));
    row('steps on screen after auto-layout', (f) => String(f.onScreenAfterLayout));
    row('drag after auto-layout: frame gap p50 / p95 / max, share missing a frame', (f) => gapsText(f.dragAfterLayout ?? null));
  }
  row('step nodes in the DOM at the end', (f) => f.domNodes.toLocaleString('en'));
}

async function main() {
  const all = await withBuiltApp(BUILT, async (app, browser) => {
    const measured: Figures[] = [];
    for (const size of STEPS) {
      measured.push(await measure(app, browser, size));
      console.error(`measured ${size} steps`);
    }
    return measured;
  });
  report(all);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
