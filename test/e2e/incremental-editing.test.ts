import { describe, expect, it } from 'vitest';
import { stepNode } from './canvas';
import { withAppAndBrowser } from './setup';

const env = withAppAndBrowser();

/**
 * The page keeps its map from the doc's events (one step typed into is one step read again) and
 * names a renamed step in its joins' labels once typing pauses. What a person sees must not
 * change: their typing on the canvas at once, the other person's page too, the joins named anew,
 * a drag kept, and Undo taking the rename back everywhere.
 */
describe('editing one step of a map, here and in another page', () => {
  it('shows a rename as it is typed, in both pages and in the joins’ labels, keeps a drag, and undoes the rename', async () => {
    const created = await env.app.createMap({
      format: 'stallmap/map',
      version: 2,
      id: 'incremental',
      title: 'Incremental',
      steps: [
        { id: 'in', kind: 'start', label: 'Claim in', position: { x: 0, y: 0 } },
        { id: 'read', kind: 'human', label: 'Read the claim', owner: 'Ana', workMinutes: 30, position: { x: 320, y: 0 } },
        { id: 'out', kind: 'end', label: 'Paid', position: { x: 640, y: 0 } },
      ],
      joins: [
        { id: 'j1', from: 'in', to: 'read', handoff: 'system' },
        { id: 'j2', from: 'read', to: 'out', handoff: 'manual' },
      ],
    });
    const ana = await env.browser.person('Ana');
    const ben = await env.browser.person('Ben');
    for (const { page } of [ana, ben]) {
      await page.goto(created.links.edit);
      await page.locator('.connection.is-connected').waitFor();
    }
    const label = (page: typeof ana.page, id: string) => stepNode(page, id).locator('.step-label').textContent();
    const joinName = (page: typeof ana.page, id: string) => page.locator(`.react-flow__edge[data-id="${id}"]`).getAttribute('aria-label');

    await stepNode(ana.page, 'read').click();
    const field = ana.page.locator('input[name="label"]');
    await field.fill('');
    await field.pressSequentially('Check it');
    await expect.poll(() => label(ana.page, 'read')).toBe('Check it');
    await expect.poll(() => label(ben.page, 'read')).toBe('Check it');
    // The steps not typed into are as they were.
    expect(await label(ben.page, 'in')).toBe('Claim in');
    expect(await label(ben.page, 'out')).toBe('Paid');
    for (const { page } of [ana, ben]) {
      await expect.poll(() => joinName(page, 'j1'), { timeout: 5000 }).toBe('Join from Claim in to Check it, system hand-off, no person');
      await expect.poll(() => joinName(page, 'j2'), { timeout: 5000 }).toBe('Join from Check it to Paid, manual hand-off');
    }

    // A drag moves the step in both pages and keeps its rename.
    const box = await stepNode(ana.page, 'out').boundingBox();
    if (!box) throw new Error('the end step is not on screen');
    await ana.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await ana.page.mouse.down();
    for (let i = 1; i <= 10; i++) await ana.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 + i * 12);
    await ana.page.mouse.up();
    const moved = async () => {
      const map = await env.app.getMap(created.id, created.links.edit);
      return map.steps.find((s) => s.id === 'out')?.position?.y ?? 0;
    };
    await expect.poll(() => moved()).toBeGreaterThan(60);
    expect(await label(ben.page, 'read')).toBe('Check it');

    // Undo takes back the drag, then the rename, in both pages.
    await ana.page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await ana.page.keyboard.press('Control+z');
    await expect.poll(() => moved()).toBeLessThan(20);
    await ana.page.keyboard.press('Control+z');
    await expect.poll(() => label(ana.page, 'read')).toBe('Read the claim');
    await expect.poll(() => label(ben.page, 'read')).toBe('Read the claim');
    await expect.poll(() => joinName(ben.page, 'j2'), { timeout: 5000 }).toBe('Join from Read the claim to Paid, manual hand-off');
    await ana.context.close();
    await ben.context.close();
  });
});
