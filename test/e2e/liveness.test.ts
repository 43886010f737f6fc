import { describe, expect, it } from 'vitest';
import { addStep } from './canvas';
import { withAppAndBrowser } from './setup';

const env = withAppAndBrowser();

describe('a page whose edits are lost on an open connection', () => {
  it('says so instead of "Connected", and its edit still arrives once messages get through', async () => {
    const created = await env.app.createMap({});
    const dee = await env.browser.person('Dee');
    // Between the page and the server, a path that keeps the socket open but, while `dropping`,
    // loses what the page sends.
    let dropping = false;
    await dee.page.routeWebSocket(/\/sync\//, (page) => {
      const server = page.connectToServer();
      page.onMessage((message) => {
        if (!dropping) server.send(message);
      });
      server.onMessage((message) => page.send(message));
    });
    await dee.page.goto(created.links.edit);
    await dee.page.locator('.connection.is-connected').waitFor();

    dropping = true;
    const id = await addStep(dee.page, 'human');
    const connection = dee.page.locator('.connection');
    await expect.poll(() => connection.getAttribute('data-status'), { timeout: 10_000 }).toBe('resyncing');
    expect(await connection.textContent()).toMatch(/Resyncing… · \d+ unsynced changes?/);
    expect((await env.app.getMap(created.id, created.links.view)).steps.map((step) => step.id)).not.toContain(id);

    dropping = false;
    await expect.poll(async () => (await env.app.getMap(created.id, created.links.view)).steps.map((step) => step.id), { timeout: 10_000 }).toContain(id);
    await expect.poll(() => connection.getAttribute('data-status')).toBe('connected');
    expect(await connection.textContent()).toBe('Connected');
  }, 60_000); // a page load and two waits of up to 10 s each, on a busy machine
});
