import { afterEach, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { withAppAndBrowser } from './setup';

/** The home page as a first-time facilitator uses it: importing a file, finding a map again, forgetting one. */
const env = withAppAndBrowser({ maxDocBytes: 8 * 1024 });
const opened: BrowserContext[] = [];

async function home(): Promise<Page> {
  const { context, page } = await env.browser.person('Facilitator');
  opened.push(context);
  await page.goto(env.app.url);
  await page.getByRole('button', { name: /Empty map/ }).waitFor();
  return page;
}

afterEach(async () => {
  for (const context of opened.splice(0)) await context.close();
});

const map = (title: string, notes?: string) => ({
  format: 'stallmap/map',
  version: 2,
  id: 'home',
  title,
  steps: ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, kind: 'human', label: id.toUpperCase(), ...(notes ? { notes } : {}) })),
  joins: [],
});

describe('the home page', () => {
  it('refuses a file too large for the server to hold, naming the file, and creates no map', async () => {
    const page = await home();
    // Five steps, far under the step limit, with about 20 KiB of notes: more than a room of 8 KiB.
    const buffer = Buffer.from(JSON.stringify(map('Long notes', 'n'.repeat(4000))));
    await page.getByTestId('import-file').setInputFiles({ name: 'long-notes.json', mimeType: 'application/json', buffer });
    await expect.poll(() => page.locator('.problem').textContent()).toMatch(/^long-notes\.json was not imported: the map is too large: .*at most 8192 bytes/);
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.locator('.map-list li').count()).toBe(0);
  }, 60_000);

  it('Forget can be undone, the map’s edit link kept, and the focus stays on the list', async () => {
    const created = await env.app.createMap(map('Legal intake'));
    const page = await home();
    await page.goto(created.links.edit);
    await page.locator('.connection.is-connected').waitFor();
    await page.getByRole('link', { name: 'Stallmap' }).click();
    const row = page.locator('.map-list li', { hasText: 'Legal intake' });
    await row.getByRole('button', { name: 'Forget' }).click();
    await expect.poll(() => page.locator('.map-list li').count()).toBe(0);
    // The creator's only edit link was in that row: the page says so and offers it back, with the focus on Undo.
    const note = page.getByRole('status');
    await expect.poll(() => note.textContent()).toMatch(/Forgot “Legal intake” on this browser, with its edit link/);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Undo');
    await page.keyboard.press('Enter');
    await expect.poll(() => row.getByRole('link').getAttribute('href')).toBe(`/m/${created.id}#token=${created.tokens.edit}`);
    expect(await row.locator('.role').textContent()).toBe('edit');
    expect(await page.getByRole('status').count()).toBe(0);
  }, 60_000);

  it('tells two maps of one title apart by when each was last opened, in the person’s own time', async () => {
    const { context, page } = await env.browser.person('Facilitator');
    opened.push(context);
    await context.addInitScript(() => {
      const untitled = (id: string, openedAt: string) => ({ id, title: 'Untitled map', tokens: { edit: `token-${id}` }, openedAt });
      localStorage.setItem('stallmap:maps', JSON.stringify([untitled('one', '2026-11-02T09:15:00Z'), untitled('two', '2026-12-01T16:40:00Z')]));
    });
    await page.goto(env.app.url);
    const rows = page.locator('.map-list li');
    await expect.poll(() => rows.count()).toBe(2);
    const expected = await page.evaluate(() =>
      ['2026-12-01T16:40:00Z', '2026-11-02T09:15:00Z'].map((at) => `opened ${new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}`),
    );
    expect(await rows.locator('.opened').allTextContents()).toEqual(expected);
  }, 60_000);

  it('says what it is doing while a file is sent, and takes no second click meanwhile', async () => {
    const page = await home();
    // The server's answer held back, as on a slow link: the request still reaches the real server.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route('**/api/maps', async (route) => {
      await held;
      await route.continue();
    });
    const buffer = Buffer.from(JSON.stringify(map('Sent slowly')));
    await page.getByTestId('import-file').setInputFiles({ name: 'sent-slowly.json', mimeType: 'application/json', buffer });
    await expect.poll(() => page.locator('.working').textContent()).toBe('Creating the map from sent-slowly.json…');
    expect(await page.getByRole('button', { name: /Empty map/ }).isDisabled()).toBe(true);
    release();
    await page.waitForURL(/\/m\//);
  }, 60_000);
});
