import { describe, expect, it } from 'vitest';
import { loadFixture } from '../fixtures/load';
import { addStep, canvasSteps } from './canvas';
import { withAppAndBrowser } from './setup';

// A server that holds at most 6 steps a map, so the limit is reached in a few clicks.
const env = withAppAndBrowser({ maxSteps: 6 });

describe('a change the server cannot hold', () => {
  it('is said before it is made: a step past the limit is not added, and the person is told why', async () => {
    const created = await env.app.createMap(loadFixture('contract-review'));
    const { page } = await env.browser.person('Dana');
    await page.goto(created.links.edit);
    await expect.poll(() => canvasSteps(page)).toHaveLength(4);
    await addStep(page, 'human');
    await addStep(page, 'human');
    await page.locator('.palette-item[data-kind="human"]').click();
    await expect.poll(() => page.locator('.banner.refusal').textContent()).toContain('Nothing was added: the map would have 7 steps, over the 6 this server takes.');
    expect(await canvasSteps(page)).toHaveLength(6);
    expect((await env.app.getMap(created.id, created.links.edit)).steps).toHaveLength(6);
    // Nothing waits unsaved: the page was never refused by the server.
    expect(await page.getByRole('button', { name: 'Discard my unsaved changes and reload' }).count()).toBe(0);
  });

  it('made offline and refused by the server on reconnect, is said plainly and can be discarded', async () => {
    const created = await env.app.createMap(loadFixture('contract-review'));
    const ana = await env.browser.person('Ana');
    const ben = await env.browser.person('Ben');
    for (const { page } of [ana, ben]) {
      await page.goto(created.links.edit);
      await expect.poll(() => canvasSteps(page)).toHaveLength(4);
    }
    // Each page sees room for its steps; together they pass the limit, which only the server can tell.
    await ben.context.setOffline(true);
    await expect.poll(() => ben.page.locator('.connection').getAttribute('data-status')).not.toBe('connected');
    await addStep(ben.page, 'human');
    await addStep(ben.page, 'human');
    await addStep(ana.page, 'human');
    await expect.poll(async () => (await env.app.getMap(created.id, created.links.edit)).steps.length).toBe(5);
    await ben.context.setOffline(false);
    await expect.poll(() => ben.page.locator('.banner.refusal').textContent(), { timeout: 15_000 }).toContain('Your last change was not saved');
    expect((await env.app.getMap(created.id, created.links.edit)).steps.length).toBeLessThanOrEqual(6);

    await ben.page.getByRole('button', { name: 'Discard my unsaved changes and reload' }).click();
    await ben.page.locator('.connection.is-connected').waitFor();
    const kept = (await env.app.getMap(created.id, created.links.edit)).steps.map((s) => s.id).sort();
    await expect.poll(async () => (await canvasSteps(ben.page)).sort()).toEqual(kept);
    expect(await ben.page.locator('.banner.refusal').count()).toBe(0);
  });

  it('is said before it is made: a redesign that would copy the map past the limit is not offered', async () => {
    const created = await env.app.createMap(loadFixture('contract-review'));
    const { page } = await env.browser.person('Dana');
    await page.goto(`${created.links.edit}&view=redesign`);
    const card = page.getByRole('region', { name: 'No redesign yet' });
    await expect.poll(() => card.textContent()).toContain('too large to copy into a redesign: with a copy, the map would have 8 steps, over the 6 this server takes');
    expect(await page.getByRole('button', { name: 'Start the redesign from today’s map' }).count()).toBe(0);
    expect((await env.app.getMap(created.id, created.links.edit)).redesign).toBeUndefined();
  });
});

