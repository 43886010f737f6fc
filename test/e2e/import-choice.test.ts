import { describe, expect, it } from 'vitest';
import { findTemplate } from '../../src/core/templates';
import { canvasSteps, openNewMap } from './canvas';
import { withAppAndBrowser } from './setup';

const env = withAppAndBrowser();

/**
 * A map file picked inside an open map replaces the map for everyone on it, so the page asks
 * first: cancel changes nothing, replace keeps this map's title (unless asked) and undoes in one
 * step, and "open as a new map" leaves this one as it was.
 */
describe('importing a file into an open map', () => {
  const invoice = findTemplate('invoice-processing')?.map;
  const file = () => ({ name: 'invoice.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(invoice)) });

  it('asks before replacing the map for everyone, and keeps this map’s title', async () => {
    const { created, before, page } = await openNewMap(env, { template: 'contract-review' }, 'Facilitator');
    const picker = page.locator('[data-testid="import-file"]');

    await picker.setInputFiles(file());
    await page.getByRole('dialog', { name: /Import invoice.json/ }).waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect((await env.app.getMap(created.id, created.links.edit)).steps).toEqual(before.steps);

    await picker.setInputFiles(file());
    await page.getByRole('button', { name: /Replace this map for everyone/ }).click();
    await expect.poll(async () => (await env.app.getMap(created.id, created.links.edit)).steps.length).toBe(invoice?.steps.length);
    const replaced = await env.app.getMap(created.id, created.links.edit);
    expect(replaced.title).toBe(before.title);
    expect(replaced.id).toBe(before.id);

    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await env.app.getMap(created.id, created.links.edit)).steps.map((s) => s.id).sort()).toEqual(before.steps.map((s) => s.id).sort());
  });

  it('says what replacing removes that the file does not hold, and undo brings it back', async () => {
    const { created, before, page } = await openNewMap(env, { template: 'invoice-processing' }, 'Facilitator');
    const flowchart = 'flowchart LR\n  a([Invoice in]) --> b[Pay] --> c([Paid])\n';
    await page.locator('[data-testid="import-file"]').setInputFiles({ name: 'drawn.mmd', mimeType: 'text/plain', buffer: Buffer.from(flowchart) });
    const dialog = page.getByRole('dialog', { name: 'Import drawn.mmd' });
    await expect.poll(() => dialog.textContent()).toMatch(/Replacing also removes what this map holds and the file does not: .*owners.*the program/);

    await dialog.getByRole('button', { name: /Replace this map for everyone/ }).click();
    await expect.poll(async () => (await env.app.getMap(created.id, created.links.edit)).steps.length).toBe(3);
    await page.keyboard.press('Control+z');
    await expect.poll(() => env.app.getMap(created.id, created.links.edit)).toEqual(before);
  });

  it('offers no choice of title when the file’s is this map’s own (a file exported from it, brought back)', async () => {
    const created = await env.app.createMap({ template: 'invoice-processing' });
    const { page } = await env.browser.person('Facilitator');
    await page.goto(created.links.edit);
    await expect.poll(() => canvasSteps(page)).toHaveLength(invoice?.steps.length ?? 0);
    await page.locator('[data-testid="import-file"]').setInputFiles(file());
    const dialog = page.getByRole('dialog', { name: 'Import invoice.json' });
    await dialog.getByRole('button', { name: 'Cancel' }).waitFor();
    expect(await dialog.getByRole('checkbox').count()).toBe(0);
  });

  it('opens the file as a new map, leaving this one as it was', async () => {
    const created = await env.app.createMap({ template: 'contract-review' });
    const before = await env.app.getMap(created.id, created.links.edit);
    const { page } = await env.browser.person('Analyst');
    await page.goto(created.links.edit);
    await expect.poll(() => canvasSteps(page)).toHaveLength(before.steps.length);
    await page.locator('[data-testid="import-file"]').setInputFiles(file());
    await page.getByRole('button', { name: 'Open it as a new map' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/m/') && !url.pathname.includes(created.id));
    await expect.poll(async () => (await canvasSteps(page)).length).toBe(invoice?.steps.length);
    await expect.poll(() => page.locator('.map-title').textContent()).toBe(invoice?.title);
    expect(await env.app.getMap(created.id, created.links.edit)).toEqual(before);
  });
});
