import { describe, expect, it } from 'vitest';
import { withAppAndBrowser } from './setup';

const env = withAppAndBrowser();

describe('drawing with the keyboard alone', () => {
  it('joins two steps: Tab to a step, Enter to select it, J, arrows or Tab to choose, Escape cancels, Enter joins', async () => {
    const created = await env.app.createMap({
      format: 'stallmap/map',
      version: 2,
      id: 'keys',
      title: 'Keys',
      steps: [
        { id: 'in', kind: 'start', label: 'Claim in', position: { x: 0, y: 0 } },
        { id: 'read', kind: 'human', label: 'Read the claim', owner: 'Ana', workMinutes: 30, position: { x: 320, y: 0 } },
        { id: 'ok', kind: 'approval', label: 'Approve', owner: 'Ben', position: { x: 640, y: 0 } },
        { id: 'pay', kind: 'system', label: 'Pay', owner: 'Finance', position: { x: 640, y: 240 } },
      ],
      joins: [{ id: 'j1', from: 'in', to: 'read', handoff: 'system' }],
    });
    const { context, page } = await env.browser.person('Keys');
    await page.goto(created.links.edit);
    await page.locator('.react-flow__node').first().waitFor();
    await page.locator('.connection.is-connected').waitFor();

    // Every step and join says what it is.
    expect(await page.locator('.react-flow__node[data-id="read"]').getAttribute('aria-label')).toBe('Human step: Read the claim, owner Ana, work 30m');
    expect(await page.locator('.react-flow__edge[data-id="j1"]').getAttribute('aria-label')).toBe('Join from Claim in to Read the claim, system hand-off, no person');

    // Tab until the focus is on the step "Read the claim" (a person hears each step's label).
    let reached = false;
    for (let i = 0; i < 80 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.getAttribute('aria-label')?.startsWith('Human step: Read the claim') ?? false);
    }
    expect(reached).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.react-flow__node.selected').getAttribute('data-id')).toBe('read');

    // J offers the nearest step to the right; the down arrow moves to the step below it; Escape cancels.
    const target = () => page.locator('.step.is-join-target').getAttribute('data-step-id');
    await page.keyboard.press('j');
    await expect.poll(target).toBe('ok');
    await expect.poll(() => page.locator('.canvas-message').textContent()).toContain('Join “Read the claim” to “Approve”?');
    await page.keyboard.press('ArrowDown');
    await expect.poll(target).toBe('pay');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.step.is-join-target').count()).toBe(0);
    expect((await env.app.getMap(created.id, created.links.edit)).joins).toHaveLength(1);

    // Again: Tab steps through every step in turn, and Enter joins.
    await page.keyboard.press('j');
    await expect.poll(target).toBe('ok');
    await page.keyboard.press('Tab');
    await expect.poll(target).toBe('pay');
    await page.keyboard.press('Enter');
    await expect
      .poll(async () => (await env.app.getMap(created.id, created.links.edit)).joins.map((j) => `${j.from}->${j.to}`).sort())
      .toEqual(['in->read', 'read->pay']);
    const join = page.locator('.react-flow__edge[aria-label="Join from Read the claim to Pay, manual hand-off"]');
    await expect.poll(() => join.count()).toBe(1);
    await context.close();
  });
});
