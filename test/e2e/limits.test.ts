import { describe, expect, it } from 'vitest';
import { loadFixture } from '../fixtures/load';
import { addStep, canvasSteps } from './canvas';
import { withAppAndBrowser } from './setup';

// A server that holds at most 6 steps a map, so the limit is reached in a few clicks.
const env = withAppAndBrowser({ maxSteps: 6 });

describe('a change the server cannot hold', () => {
  it('is said plainly, and can be discarded to start again from the server’s copy', async () => {
    const created = await env.app.createMap(loadFixture('contract-review'));
    const { page } = await env.browser.person('Dana');
    await page.goto(created.links.edit);
    await expect.poll(() => canvasSteps(page)).toHaveLength(4);
    await addStep(page, 'human');
    await addStep(page, 'human');
    await addStep(page, 'human');
    await expect.poll(() => page.locator('.banner.refusal').textContent()).toContain('Your last change was not saved');
    expect((await env.app.getMap(created.id, created.links.edit)).steps.length).toBeLessThanOrEqual(6);

    await page.getByRole('button', { name: 'Discard my unsaved changes and reload' }).click();
    await page.locator('.connection.is-connected').waitFor();
    const kept = (await env.app.getMap(created.id, created.links.edit)).steps.map((s) => s.id).sort();
    await expect.poll(async () => (await canvasSteps(page)).sort()).toEqual(kept);
    expect(await page.locator('.banner.refusal').count()).toBe(0);
  });

  it('is said before it is made: a redesign that would copy the map past the limit is not offered', async () => {
    const created = await env.app.createMap(loadFixture('contract-review'));
    const { page } = await env.browser.person('Dana');
    await page.goto(`${created.links.edit}&view=redesign`);
    const card = page.getByRole('region', { name: 'No redesign yet' });
    await expect.poll(() => card.textContent()).toContain('too large to copy into a redesign: it has 4 steps; with a copy, 8, over the 6 this server takes');
    expect(await page.getByRole('button', { name: 'Start the redesign from today’s map' }).count()).toBe(0);
    expect((await env.app.getMap(created.id, created.links.edit)).redesign).toBeUndefined();
  });
});

