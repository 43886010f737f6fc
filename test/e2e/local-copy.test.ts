import { describe, expect, it } from 'vitest';
import { generateMap } from '../../bench/generate-map';
import { stepNode } from './canvas';
import { withAppAndBrowser } from './setup';

const env = withAppAndBrowser();

describe('the copy of a map an edit link keeps in the browser', () => {
  it('holds what the server sent, the whole map and another person’s later edit, so the map opens without the server', async () => {
    const map = generateMap(60, 7);
    for (const step of map.steps) delete step.position;
    const created = await env.app.createMap(map);
    const eve = await env.browser.person('Eve');
    const fay = await env.browser.person('Fay');
    await eve.page.goto(created.links.edit);
    await eve.page.locator('.connection.is-connected').waitFor();
    await expect.poll(() => eve.page.locator('.react-flow__node').count()).toBe(map.steps.length);

    // Another person renames a step: it reaches Eve's page as an update from the server.
    const renamed = map.steps[5].id;
    await fay.page.goto(created.links.edit);
    await stepNode(fay.page, renamed).click();
    await fay.page.locator('input[name="label"]').fill('Renamed by Fay');
    await expect.poll(() => stepNode(eve.page, renamed).textContent()).toContain('Renamed by Fay');
    // IndexedDB writes in the background.
    await eve.page.waitForTimeout(500);

    // The server out of reach: the socket opens and nothing ever answers.
    await eve.page.routeWebSocket(/\/sync\//, () => {});
    await eve.page.reload();
    await expect.poll(() => eve.page.locator('.react-flow__node').count(), { timeout: 15_000 }).toBe(map.steps.length);
    expect(await stepNode(eve.page, renamed).textContent()).toContain('Renamed by Fay');
    expect(await eve.page.locator('.connection').getAttribute('data-status')).not.toBe('connected');
  }, 60_000);
});
