import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { PEER_COLORS } from '../../src/canvas/presence/identity';
import { loadFixture } from '../fixtures/load';
import { connect, synced } from '../server/helpers';
import type { CreatedMap } from './app';
import { withAppAndBrowser } from './setup';

/**
 * A workshop of ten on one map: two people on pages (the two laptop widths most rooms have) and
 * eight colleagues as stock clients that announce their presence as a page does (usePresence.ts):
 * a name and colour, the state they are on, a selection and a cursor. Two pages keep the test
 * light on a two-core machine; what each page shows is what each of ten would see.
 */
const env = withAppAndBrowser();
const COLLEAGUES = ['Chidi Nwosu', 'Dana Whitfield-Moreno', 'Eve Larsen', 'Farah Haddad', 'Gus Moreau', 'Hana Sato', 'Ivo Petrov', 'Jo Adeyemi'];

let created: CreatedMap;
let ana: Page;
let ben: Page;
const contexts: BrowserContext[] = [];
const colleagues: WebsocketProvider[] = [];

async function open(name: string, width: number): Promise<Page> {
  const context = await env.browser.browser.newContext({ viewport: { width, height: 800 } });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(created.links.edit);
  await page.getByRole('textbox', { name: 'Your name' }).fill(name);
  await page.getByRole('button', { name: 'Join the map' }).click();
  await page.locator('.connection.is-connected').waitFor();
  return page;
}

/** A colleague on a stock client, with the clientID given (lower than any page's, as Yjs picks them at random). */
async function join(name: string, clientID: number, color: string): Promise<WebsocketProvider> {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  const { provider } = connect(env.app.syncUrl, created.id, new URL(created.links.edit).hash.replace('#token=', ''), doc);
  await synced(provider);
  provider.awareness.setLocalState({ user: { name, color }, view: 'now', selection: [] });
  colleagues.push(provider);
  return provider;
}

const avatarColors = (page: Page) => page.locator('.avatar').evaluateAll((avatars) => avatars.map((a) => `${a.getAttribute('data-peer')}=${getComputedStyle(a).backgroundColor}`));

beforeEach(async () => {
  created = await env.app.createMap(loadFixture('contract-review'));
  ana = await open('Ana Silva', 1280);
  ben = await open('Ben Okafor', 1366);
});

afterEach(async () => {
  for (const provider of colleagues.splice(0)) provider.destroy();
  for (const context of contexts.splice(0)) await context.close();
});

describe('a workshop of ten on one map', () => {
  it('gives ten people ten colours, says how many are here, and names each avatar', async () => {
    // Eight colleagues take eight of the ten colours; the two pages must take the other two.
    const providers: WebsocketProvider[] = [];
    for (const [i, name] of COLLEAGUES.entries()) providers.push(await join(name, i + 1, PEER_COLORS[i]));
    await expect.poll(() => ana.locator('.avatar').count()).toBe(9);
    await expect.poll(() => ben.locator('.avatar').count()).toBe(9);

    // Two colleagues who joined at the same moment as Ana and Ben happen to pick their colours.
    const colorOf = (name: string) => [...providers[0].awareness.getStates().values()].find((s) => s.user?.name === name)?.user?.color as string;
    await expect.poll(() => Boolean(colorOf('Ana Silva') && colorOf('Ben Okafor'))).toBe(true);
    providers[0].awareness.setLocalStateField('user', { name: COLLEAGUES[0], color: colorOf('Ana Silva') });
    providers[1].awareness.setLocalStateField('user', { name: COLLEAGUES[1], color: colorOf('Ben Okafor') });

    // Everyone's colour is theirs alone, on both pages: no two avatars (nor cursors, nor outlines) alike.
    for (const page of [ana, ben]) {
      await expect.poll(async () => new Set((await avatarColors(page)).map((entry) => entry.split('=')[1])).size).toBe(9);
    }
    const seen = new Map([...(await avatarColors(ana)), ...(await avatarColors(ben))].map((entry) => entry.split('=') as [string, string]));
    expect(seen.size).toBe(10);
    expect(new Set(seen.values()).size).toBe(10);

    for (const page of [ana, ben]) {
      await expect.poll(() => page.locator('.presence-count').textContent()).toBe('10 here');
      // Each avatar is named by the person's whole name, not their initials.
      await expect.poll(() => page.getByRole('button', { name: /Follow .Dana Whitfield-Moreno.'s view/ }).count()).toBe(1);
    }
    // The ten fit the bar at 1280 px: every avatar and the count inside the window, on the bar's one row.
    const fit = await ana.locator('.toolbar').evaluate((bar) => {
      const parts = [...bar.querySelectorAll('.avatar, .presence-count, .connection')].map((el) => el.getBoundingClientRect());
      return { inside: parts.every((r) => r.left >= 0 && r.right <= innerWidth), rows: new Set(parts.map((r) => Math.round(r.top + r.height / 2))).size, scrolls: bar.scrollWidth > bar.clientWidth };
    });
    expect(fit).toEqual({ inside: true, rows: 1, scrolls: false });

    // Someone leaves: their avatar goes, and the count says so.
    providers[7].destroy();
    await expect.poll(() => ana.locator('.presence-count').textContent()).toBe('9 here');
    expect(await ana.locator(`.avatar[data-peer="${COLLEAGUES[7]}"]`).count()).toBe(0);
  });

  it('keeps every name readable when several point at the same step on a map zoomed out: full size, none on another', async () => {
    // Ana zooms out, as on a shared screen fitted to a growing map.
    await ana.getByRole('button', { name: 'Zoom Out' }).click();
    await ana.getByRole('button', { name: 'Zoom Out' }).click();
    await ana.getByRole('button', { name: 'Zoom Out' }).click();
    const zoom = () => ana.locator('.react-flow__viewport').evaluate((el) => new DOMMatrix(getComputedStyle(el).transform).a);
    await expect.poll(zoom).toBeLessThan(0.7);

    // Five colleagues point at "Paralegal re-reads contract" (at 400, 0), within a few pixels of each other.
    for (const [i, name] of COLLEAGUES.slice(0, 5).entries()) {
      const provider = await join(name, i + 1, PEER_COLORS[i]);
      provider.awareness.setLocalStateField('cursor', { x: 460 + i * 6, y: 40 + i * 4 });
    }
    const labels = ana.locator('.remote-cursor-name');
    await expect.poll(() => labels.count()).toBe(5);
    const boxes = await labels.evaluateAll((els) => els.map((el) => el.getBoundingClientRect().toJSON() as DOMRect));
    // 11 px text, as at full zoom.
    for (const box of boxes) expect(box.height).toBeGreaterThanOrEqual(15);
    const covering = boxes.flatMap((a, i) => boxes.slice(i + 1).filter((b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom));
    expect(covering).toEqual([]);
  });
});
