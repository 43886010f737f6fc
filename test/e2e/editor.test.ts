import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addStep, autoLayout, canvasSteps, connect, createMapFromHome, dragOnto, nodeBox, overlapping, pressUndo, stepNode } from './canvas';
import { withAppAndBrowser } from './setup';

const env = withAppAndBrowser();


describe('the map editor, through the real UI', () => {
  let page: Page;

  it('creates a map, adds an AI and a human step, connects them, edits them, and keeps it all after a reload', async () => {
    ({ page } = await env.browser.person('Dana'));
    await createMapFromHome(page, env.app.url);
    const ai = await addStep(page, 'ai');
    const human = await addStep(page, 'human');
    await autoLayout(page);
    expect(await overlapping(page, ai, human)).toBe(false);
    await connect(page, ai, human);
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(1);

    await stepNode(page, ai).click();
    await page.locator('input[name="owner"]').fill('Legal Ops lead');
    await page.locator('input[name="workMinutes"]').fill('2m');
    await page.locator('input[name="workMinutes"]').press('Enter');
    await page.locator('input[name="manualMinutes"]').fill('45m');
    await page.locator('input[name="manualMinutes"]').press('Enter');
    await expect.poll(() => stepNode(page, ai).textContent()).toContain('Legal Ops lead');
    await expect.poll(() => stepNode(page, ai).textContent()).toContain('by hand 45m');

    await page.reload();
    await expect.poll(() => canvasSteps(page)).toEqual(expect.arrayContaining([ai, human]));
    const text = await stepNode(page, ai).textContent();
    expect(text).toContain('Legal Ops lead');
    expect(text).toContain('work 2m');
    expect(await page.locator('.react-flow__edge').count()).toBe(1);
    // A whole session (create, draw, edit, reload): past the default 30 s on a loaded machine.
  }, 60_000);

  it('refuses a bad duration with a message instead of storing it', async () => {
    const [ai] = await canvasSteps(page);
    await stepNode(page, ai).click();
    const field = page.locator('input[name="waitMinutes"]');
    await field.fill('soon');
    await field.press('Enter');
    await expect.poll(() => page.locator('.field-error').textContent()).toContain("'soon' is not a duration");
    expect(await stepNode(page, ai).textContent()).not.toContain('wait');
  });

  it('undoes the last change with Ctrl+Z, and redoes it', async () => {
    const target = (await canvasSteps(page)).find((id) => id.startsWith('human')) as string;
    await stepNode(page, target).click();
    await page.locator('input[name="owner"]').fill('Paralegal');
    await expect.poll(() => stepNode(page, target).textContent()).toContain('Paralegal');
    await pressUndo(page);
    await expect.poll(() => stepNode(page, target).textContent()).toContain('no owner');
    await page.keyboard.press('Control+Shift+Z');
    await expect.poll(() => stepNode(page, target).textContent()).toContain('Paralegal');
  });

  it('deletes the selection with the Delete key and duplicates with Ctrl+D', async () => {
    const before = await canvasSteps(page);
    await stepNode(page, before[0]).click();
    await page.keyboard.press('Control+d');
    await expect.poll(async () => (await canvasSteps(page)).length).toBe(before.length + 1);
    await page.keyboard.press('Delete');
    await expect.poll(async () => (await canvasSteps(page)).length).toBe(before.length);
  });

  /** Drags a new step 200 px right and 120 down, stopping halfway for `pauseMs`; one Undo puts it back where it was. */
  async function dragAndUndo(pauseMs: number) {
    const step = await addStep(page, 'human');
    // The new step's label editor first: Escape leaves the label as it was.
    await page.locator('.step-label-editor').press('Escape');
    const start = await nodeBox(page, step);
    await page.mouse.move(start.x + 20, start.y + 10);
    await page.mouse.down();
    await page.mouse.move(start.x + 120, start.y + 70, { steps: 5 });
    if (pauseMs) await page.waitForTimeout(pauseMs);
    await page.mouse.move(start.x + 220, start.y + 130, { steps: 5 });
    await page.mouse.up();
    await expect.poll(async () => (await nodeBox(page, step)).x - start.x).toBeGreaterThan(150);
    await pressUndo(page);
    await expect.poll(async () => Math.abs((await nodeBox(page, step)).x - start.x)).toBeLessThan(2);
    expect(Math.abs((await nodeBox(page, step)).y - start.y)).toBeLessThan(2);
  }

  it('takes a whole drag back with one Undo', () => dragAndUndo(0));

  // A hand that stops to look, for longer than the pause that ends an undo step between edits.
  it('takes a drag that pauses on the way back with one Undo too', () => dragAndUndo(900));

  it('auto-layout moves overlapping steps apart, as one undoable change', async () => {
    const a = await addStep(page, 'system');
    const b = await addStep(page, 'approval');
    const overlap = () => overlapping(page, a, b);
    // A new step never lands on another (placement.ts): put one on the other by hand.
    await dragOnto(page, b, a);
    await expect.poll(overlap).toBe(true);
    await autoLayout(page);
    expect(await overlap()).toBe(false);
    await pressUndo(page);
    await expect.poll(overlap).toBe(true);
  });

  it('shares the map: the creator holds an edit, a review and a view link, each opening with its role', async () => {
    await page.getByRole('button', { name: 'Share' }).click();
    const dialog = page.getByRole('dialog');
    const links = await dialog.locator('input').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    expect(links).toHaveLength(3);
    expect(links[0]).toBe(page.url());
    await dialog.getByRole('button', { name: 'Close' }).click();
    const guest = (await env.browser.person('Leader')).page;
    await guest.goto(links[1]);
    await expect.poll(() => guest.locator('.banner.read-only').textContent()).toContain('Review link');
    const steps = (await canvasSteps(page)).length;
    await expect.poll(() => guest.locator('.react-flow__node').count()).toBe(steps);
  });

  it('shows the path and the line of every error in an invalid import and changes nothing', async () => {
    const before = await canvasSteps(page);
    const bad = JSON.stringify(
      {
        format: 'stallmap/map',
        version: 1,
        id: 'broken',
        title: 'Broken',
        steps: [{ id: 'a', kind: 'start', label: 'A' }, { id: 'b', kind: 'human', label: 'B', owenr: 'x' }],
        joins: [{ id: 'j', from: 'a', to: 'ghost' }],
      },
      null,
      2,
    );
    const lineOf = (text: string) => bad.split('\n').findIndex((line) => line.includes(text)) + 1;
    await page.locator('[data-testid="import-file"]').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(bad) });
    const dialog = page.getByRole('alertdialog');
    // The step's opening brace, where the field that is not a field sits; the join's `to` itself.
    await expect.poll(() => dialog.textContent()).toContain(`steps[1] (line ${lineOf('"id": "b"') - 1}): unknown field 'owenr'`);
    expect(await dialog.textContent()).toContain(`joins[0].to (line ${lineOf('"to": "ghost"')}): no step 'ghost'`);
    expect(await dialog.textContent()).toContain('Nothing was changed');
    await dialog.getByRole('button', { name: 'Close' }).click();
    expect(await canvasSteps(page)).toEqual(before);
  });
});
