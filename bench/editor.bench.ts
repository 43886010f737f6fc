import { build } from 'vite';
import { launchBrowser } from '../test/e2e/browser';
import { startApp } from '../test/e2e/app';
import { generateMap } from './generate-map';

/**
 * `npm run bench editor`: is a 500-step map usable in the browser? Real Chromium on the built app:
 * time to open the map, auto-layout (ELK in a worker) and the longest main-thread stall while it
 * runs, a drag of one step (frame gaps), and typing a label (keystroke to the canvas).
 */
const STEPS = Number(process.argv[2] ?? 500);

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const ms = (value: number) => `${value.toFixed(1)} ms`;

async function main() {
  process.env.NODE_ENV = 'production';
  await build({ configFile: 'vite.config.ts', mode: 'production', logLevel: 'warn' });
  const app = await startApp();
  const browser = await launchBrowser();
  try {
    const map = generateMap(STEPS, 7);
    for (const step of map.steps) delete step.position;
    const created = await app.createMap(map);
    const { page } = await browser.person('Bench');

    // Frame gaps and long tasks are recorded in the page from the start. Plain text, not a
    // function: tsx's transform would wrap a function in helpers the page does not have.
    await page.addInitScript({
      content: `
        window.gaps = []; window.longTasks = [];
        let last = performance.now();
        requestAnimationFrame(function tick(now) { window.gaps.push(now - last); last = now; requestAnimationFrame(tick); });
        new PerformanceObserver((list) => { for (const e of list.getEntries()) window.longTasks.push(e.duration); })
          .observe({ type: 'longtask', buffered: true });
      `,
    });
    const reset = () => page.evaluate('window.gaps = []; window.longTasks = []');
    const stalls = () => page.evaluate('({ gaps: window.gaps.slice(), longTasks: window.longTasks.slice() })') as Promise<{ gaps: number[]; longTasks: number[] }>;

    const t0 = Date.now();
    await page.goto(created.links.edit);
    await page.locator('.react-flow__node').first().waitFor();
    await page.locator('.connection.is-connected').waitFor();
    await page.locator('[data-metric="lead-time"]').waitFor();
    const openMs = Date.now() - t0;

    await reset();
    const t1 = Date.now();
    await page.getByRole('button', { name: 'Auto-layout' }).click();
    await page.getByRole('button', { name: 'Auto-layout' }).waitFor({ timeout: 120_000 });
    const layoutMs = Date.now() - t1;
    const during = await stalls();
    await page.waitForTimeout(800);

    // Drag one step across the canvas: 120 moves, as a person's hand would.
    const node = page.locator('.react-flow__node').first();
    const box = await node.boundingBox();
    if (!box) throw new Error('no node on screen');
    await reset();
    await page.mouse.move(box.x + 20, box.y + 20);
    await page.mouse.down();
    for (let i = 1; i <= 120; i++) await page.mouse.move(box.x + 20 + i * 3, box.y + 20 + i * 2);
    await page.mouse.up();
    const drag = await stalls();

    // Type a label: time from each keystroke until the canvas shows it.
    await node.click();
    const field = page.locator('input[name="label"]');
    await field.fill('');
    const keystrokes: number[] = [];
    const text = 'Re-key into ERP by hand';
    for (let i = 0; i < text.length; i++) {
      const expected = text.slice(0, i + 1);
      const start = Date.now();
      await field.press(text[i] === ' ' ? 'Space' : text[i]);
      await page.waitForFunction((want) => [...document.querySelectorAll('.step-label')].some((el) => el.textContent === want), expected, { polling: 'raf' });
      keystrokes.push(Date.now() - start);
    }

    const rendered = await page.locator('.react-flow__node').count();
    console.log(`Map: ${map.steps.length} steps, ${map.joins.length} joins; ${rendered} nodes in the DOM (only visible ones are rendered above 200 steps).\n`);
    console.log('| measure | figure |');
    console.log('|---|---|');
    console.log(`| open the map (navigation to canvas, synced, analysed) | ${ms(openMs)} |`);
    console.log(`| auto-layout (click to positions applied) | ${ms(layoutMs)} |`);
    console.log(`| longest frame gap during auto-layout | ${ms(Math.max(...during.gaps))} |`);
    console.log(`| long tasks (>50 ms) during auto-layout | ${during.longTasks.length}, longest ${ms(Math.max(0, ...during.longTasks))} |`);
    console.log(`| drag: frame gap p50 / p95 / max | ${ms(quantile(drag.gaps, 0.5))} / ${ms(quantile(drag.gaps, 0.95))} / ${ms(Math.max(...drag.gaps))} |`);
    console.log(`| typing a label: keystroke to canvas p50 / p95 | ${ms(quantile(keystrokes, 0.5))} / ${ms(quantile(keystrokes, 0.95))} |`);
  } finally {
    await browser.close();
    await app.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
