import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { withAppAndBrowser } from './setup';

const env = withAppAndBrowser();

// Ids in another order than the steps sit: Tab must follow the canvas, not the ids.
const map = {
  format: 'stallmap/map',
  version: 2,
  id: 'order',
  title: 'Order',
  steps: [
    { id: 'a-check', kind: 'verification', label: 'Check', owner: 'Ana', position: { x: 640, y: 0 } },
    { id: 'b-start', kind: 'start', label: 'Start', position: { x: 0, y: 0 } },
    { id: 'c-end', kind: 'end', label: 'End', position: { x: 960, y: 0 } },
    { id: 'd-ai', kind: 'ai', label: 'Draft', owner: 'Ben', position: { x: 320, y: 0 } },
  ],
  joins: [],
};

/** The step (data-id), "add next" button (add:kind) or other element the keyboard focus is on. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'body';
    if (el.classList.contains('react-flow__node')) return el.getAttribute('data-id') ?? '';
    if (el.classList.contains('add-next-item')) return `add:${el.getAttribute('data-kind')}`;
    return el.tagName.toLowerCase();
  });

/** Tabs until the focus is on a step, and returns the steps Tab visits from there on, in turn. */
async function stepsInTabOrder(page: Page): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const at = await focused(page);
    if (['a-check', 'b-start', 'c-end', 'd-ai'].includes(at)) seen.push(at);
    else if (seen.length) break;
  }
  return seen;
}

/** The map's edit link opened by a fresh person, its steps drawn. */
async function open(link: string, name: string) {
  const person = await env.browser.person(name);
  await person.page.goto(link);
  await person.page.locator('.react-flow__node').first().waitFor();
  await person.page.locator('.connection.is-connected').waitFor();
  return person;
}

describe('the keyboard follows the canvas', () => {
  it('Tab visits the steps in reading order, and from a selected step goes on to its "add next" buttons', async () => {
    const created = await env.app.createMap(map);
    const { context, page } = await open(created.links.edit, 'Order');

    expect(await stepsInTabOrder(page)).toEqual(['b-start', 'd-ai', 'a-check', 'c-end']);

    // Enter on "Draft" selects it; Tab then reaches its "add next" buttons before the next step.
    await page.locator('.react-flow__node[data-id="d-ai"]').focus();
    await page.keyboard.press('Enter');
    await page.locator('.add-next-item').first().waitFor();
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('add:human');
    // Shift+Tab goes back to the step.
    await page.keyboard.press('Shift+Tab');
    expect(await focused(page)).toBe('d-ai');
    // Through the seven buttons, Tab goes on to the next step, and on past the last step out of the canvas: never round again.
    for (let i = 0; i < 8; i++) await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('a-check');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('c-end');
    await page.keyboard.press('Tab');
    expect(await focused(page)).not.toMatch(/^add:|^[a-d]-/);
    await context.close();
  });

  it('keeps reading order after a step is moved, once it is dropped', async () => {
    const created = await env.app.createMap({ ...map, id: 'order-moved' });
    const { context, page } = await open(created.links.edit, 'Mover');
    // "End" is dragged to the far left, beyond "Start".
    const end = await page.locator('.react-flow__node[data-id="c-end"]').boundingBox();
    const start = await page.locator('.react-flow__node[data-id="b-start"]').boundingBox();
    if (!end || !start) throw new Error('steps not on screen');
    await page.mouse.move(end.x + end.width / 2, end.y + end.height / 2);
    await page.mouse.down();
    await page.mouse.move(start.x - end.width, end.y + end.height * 3, { steps: 12 });
    await page.mouse.up();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.react-flow__node').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-id')))).toEqual(['c-end', 'b-start', 'd-ai', 'a-check']);
    await context.close();
  });

  it('puts the focus on the next step when the focused step is deleted, by the Delete key or by a colleague', async () => {
    const created = await env.app.createMap({ ...map, id: 'order-delete' });
    const { context, page } = await open(created.links.edit, 'Deleter');

    await page.locator('.react-flow__node[data-id="d-ai"]').focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Delete');
    await expect.poll(() => page.locator('.react-flow__node[data-id="d-ai"]').count()).toBe(0);
    // The next step in reading order after "Draft" is "Check".
    await expect.poll(() => focused(page)).toBe('a-check');

    // A colleague deletes "Check" while it has this person's focus.
    const other = await env.browser.person('Colleague');
    await other.page.goto(created.links.edit);
    await other.page.locator('.react-flow__node[data-id="a-check"]').click();
    await other.page.keyboard.press('Delete');
    await expect.poll(() => page.locator('.react-flow__node[data-id="a-check"]').count()).toBe(0);
    await expect.poll(() => focused(page)).toBe('c-end');
    // and hears why the focus moved.
    await expect.poll(() => page.locator('.canvas-message').textContent()).toContain('Removed: Check step: Check');
    await other.context.close();
    await context.close();
  });

  it('Tab goes from step to step without stopping on the joins, which a step’s inspector lists and opens', async () => {
    const joined = {
      ...map,
      id: 'order-joins',
      joins: [
        { id: 'j1', from: 'b-start', to: 'd-ai', handoff: 'system' },
        { id: 'j2', from: 'd-ai', to: 'a-check', handoff: 'manual', label: 'emailed' },
        { id: 'j3', from: 'a-check', to: 'c-end', handoff: 'system' },
      ],
    };
    const created = await env.app.createMap(joined);
    const { context, page } = await open(created.links.edit, 'Joins');
    await page.locator('.react-flow__edge').first().waitFor();

    // The first Tab into the canvas lands on the first step, not on a join drawn before it.
    const visited: string[] = [];
    for (let i = 0; i < 60 && visited.length < 4; i++) {
      await page.keyboard.press('Tab');
      const at = await page.evaluate(() => {
        const el = document.activeElement;
        return el?.classList.contains('react-flow__edge') ? `join:${el.getAttribute('data-id')}` : el?.classList.contains('react-flow__node') ? (el.getAttribute('data-id') ?? '') : '';
      });
      if (at) visited.push(at);
    }
    expect(visited).toEqual(['b-start', 'd-ai', 'a-check', 'c-end']);

    // Enter on "Draft" opens it in the inspector, which names its joins: the way to them by keyboard.
    await page.locator('.react-flow__node[data-id="d-ai"]').focus();
    await page.keyboard.press('Enter');
    const joins = page.locator('.inspector .step-joins');
    await expect.poll(() => joins.getByRole('button').allTextContents()).toEqual(['From Start', 'To Check']);
    await joins.getByRole('button', { name: 'To Check' }).focus();
    await page.keyboard.press('Enter');
    // The join is open in the inspector and has the focus: its heading, then its fields.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Join');
    expect(await page.locator('.inspector select[name="handoff"]').inputValue()).toBe('manual');
    // and back to either end of it.
    await page.locator('.inspector').getByRole('button', { name: 'Draft' }).click();
    await expect.poll(() => page.locator('.inspector input[name="label"]').inputValue()).toBe('Draft');
    await context.close();
  });
});
