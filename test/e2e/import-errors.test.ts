import { describe, expect, it } from 'vitest';
import { findTemplate } from '../../src/core/templates';
import { openNewMap } from './canvas';
import { withAppAndBrowser } from './setup';

const env = withAppAndBrowser();

/**
 * A refused file, inside an open map: the page says why in a dialog a keyboard user can leave as
 * they leave every other one (Esc), and they are back on Import to pick the fixed file; the map
 * is as it was.
 */
describe('a file the page refuses, in an open map', () => {
  it('closes on Esc, gives the focus back to Import, and leaves the map as it was', async () => {
    const { created, before, page } = await openNewMap(env, { template: 'contract-review' }, 'Facilitator');

    const broken = structuredClone(findTemplate('invoice-processing')!.map);
    broken.joins[0].to = 'ghost';
    const importButton = page.getByRole('button', { name: 'Import' });
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), importButton.press('Enter')]);
    await chooser.setFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) });
    const refusal = page.getByRole('alertdialog', { name: 'broken.json is not a valid map' });
    await expect.poll(() => refusal.textContent()).toContain("joins[0].to (line 1): no step 'ghost'");

    // Pressed again while the dialog is still there: it listens for keys from the first frame it
    // is drawn in, which a busy test machine can show before the listener is set.
    await expect
      .poll(async () => {
        if (await refusal.count()) await page.keyboard.press('Escape');
        return refusal.count();
      })
      .toBe(0);
    expect(await importButton.evaluate((button) => button === document.activeElement)).toBe(true);
    expect(await env.app.getMap(created.id, created.links.edit)).toEqual(before);
  });
});
