import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../server/app';
import { launchBrowser } from '../test/e2e/browser';

/**
 * `npx tsx scripts/screenshot.ts`: the README's workshop picture (docs/images/workshop.png), taken
 * from the real app: two people on the marketing-content map, the findings open, one
 * following the other. Needs `npm run build` first and Debian's Chromium; loopback only.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'stallmap-shot-'));
const server = await startServer({ port: 0, host: '127.0.0.1', dataDir, logger: { info() {}, warn() {}, error() {} } });
const browser = await launchBrowser();
try {
  const map = JSON.parse(readFileSync('test/fixtures/marketing-content.json', 'utf8'));
  const response = await fetch(`${server.url}/api/maps`, { method: 'POST', headers: { 'content-type': 'application/json', origin: server.url }, body: JSON.stringify(map) });
  const { links } = (await response.json()) as { links: { edit: string } };
  const ana = await browser.person('Ana (facilitator)');
  const ben = await browser.person('Ben');
  for (const { page } of [ana, ben]) {
    await page.setViewportSize({ width: 1440, height: 860 });
    await page.goto(links.edit);
    await page.locator('.connection.is-connected').waitFor();
  }
  // The fixture's positions are an import's (cramped): laid out as a team would, labels get room.
  await ana.page.getByRole('button', { name: 'Auto-layout' }).click();
  await ana.page.waitForTimeout(2000);
  await ana.page.getByRole('button', { name: 'Fit view' }).click();
  await ben.page.getByRole('button', { name: 'Fit view' }).click();
  await ben.page.waitForTimeout(500);
  await ben.page.locator('.react-flow__node').nth(3).click();
  await ben.page.mouse.move(700, 420);
  await ana.page.getByRole('tab', { name: /Findings/ }).click();
  // Closer than fit view, as a facilitator shows the part of the map the room is on.
  for (let i = 0; i < 2; i++) await ana.page.getByRole('button', { name: /zoom in/i }).click();
  await ana.page.waitForTimeout(1500);
  await ana.page.screenshot({ path: 'docs/images/workshop.png' });
} finally {
  await browser.close();
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}
