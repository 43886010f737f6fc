import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { findTemplate } from '../../src/core/templates';
import { openNewMap } from './canvas';
import { withAppAndBrowser } from './setup';

const env = withAppAndBrowser();
const invoice = findTemplate('invoice-processing')!.map;

/**
 * A person drags a file from their desktop onto the page, as they do in every other tool. The page
 * takes it as if picked with Import (a browser left to itself would open the file in the tab, in
 * place of the map). A synthetic drop: what a real drag delivers to the page, a DataTransfer of files.
 */
async function dropFile(page: Page, selector: string, name: string, text: string): Promise<void> {
  await page.locator(selector).first().evaluate(
    (target, file) => {
      const data = new DataTransfer();
      data.items.add(new File([file.text], file.name, { type: 'application/json' }));
      for (const type of ['dragenter', 'dragover', 'drop']) target.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
    },
    { name, text },
  );
}

describe('dropping a map file on the page', () => {
  it('on the home page, opens it as a new map', async () => {
    const { page } = await env.browser.person('Facilitator');
    await page.goto(env.app.url);
    await page.getByRole('heading', { name: 'Start a map' }).waitFor();
    await dropFile(page, '.home', 'invoice.json', JSON.stringify(invoice));
    await page.waitForURL(/\/m\//);
    await expect.poll(() => page.locator('.map-title').textContent()).toBe(invoice.title);
  });

  it('on an open map, asks before replacing it, as Import does', async () => {
    const { created, page } = await openNewMap(env, { template: 'contract-review' }, 'Facilitator');
    await dropFile(page, '.react-flow__pane', 'invoice.json', JSON.stringify(invoice));
    await page.getByRole('dialog', { name: 'Import invoice.json' }).waitFor();
    await page.getByRole('button', { name: /Replace this map for everyone/ }).click();
    await expect.poll(async () => (await env.app.getMap(created.id, created.links.edit)).steps.length).toBe(invoice.steps.length);
  });

  it('on a view link, says that importing needs an edit link, and changes nothing', async () => {
    const { created, before, page } = await openNewMap(env, { template: 'contract-review' }, 'Viewer', 'view');
    await dropFile(page, '.react-flow__pane', 'invoice.json', JSON.stringify(invoice));
    await expect.poll(() => page.getByRole('alert').allTextContents()).toContainEqual(expect.stringMatching(/invoice\.json was not imported: importing a map takes an edit link/));
    expect(await env.app.getMap(created.id, created.links.edit)).toEqual(before);
  });
});
