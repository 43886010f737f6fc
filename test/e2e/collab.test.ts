import { beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { addStep, canvasSteps, createMapFromHome, nodeBox, pressUndo, stepNode } from './canvas';
import { withAppAndBrowser } from './setup';

const env = withAppAndBrowser();
let ana: { context: BrowserContext; page: Page };
let ben: { context: BrowserContext; page: Page };
let editLink: string;

beforeAll(async () => {
  ana = await env.browser.person('Ana');
  ben = await env.browser.person('Ben');
  editLink = await createMapFromHome(ana.page, env.app.url);
  await ben.page.goto(editLink);
  await ben.page.locator('.connection.is-connected').waitFor();
});


const setOwner = async (page: Page, id: string, owner: string) => {
  await stepNode(page, id).click();
  await page.locator('input[name="owner"]').fill(owner);
};

describe('two people on one map', () => {
  it('an edit in one page appears in the other', async () => {
    const id = await addStep(ana.page, 'ai');
    await expect.poll(() => canvasSteps(ben.page)).toContain(id);
    await setOwner(ana.page, id, 'Legal Ops lead');
    await expect.poll(() => stepNode(ben.page, id).textContent()).toContain('Legal Ops lead');
  });

  it('shows the other person’s cursor with their name, and who is on the map', async () => {
    const box = await ana.page.locator('.react-flow__pane').boundingBox();
    if (!box) throw new Error('no pane');
    for (let i = 0; i < 5; i++) {
      await ana.page.mouse.move(box.x + 300 + i * 20, box.y + 200 + i * 10);
      await ana.page.waitForTimeout(80);
    }
    await expect.poll(() => ben.page.locator('.remote-cursor[data-peer="Ana"]').count()).toBe(1);
    expect(await ben.page.locator('.remote-cursor[data-peer="Ana"]').textContent()).toContain('Ana');
    expect(await ana.page.locator('.avatar[data-peer="Ben"]').count()).toBe(1);
  });

  it('takes a person’s cursor away when their pointer leaves the canvas, not left on the step they last passed', async () => {
    await expect.poll(() => ben.page.locator('.remote-cursor[data-peer="Ana"]').count()).toBe(1);
    await ana.page.locator('.inspector').hover();
    await expect.poll(() => ben.page.locator('.remote-cursor[data-peer="Ana"]').count()).toBe(0);
    // Back on the canvas, it is shown again at once.
    const box = await ana.page.locator('.react-flow__pane').boundingBox();
    if (!box) throw new Error('no pane');
    await ana.page.mouse.move(box.x + 300, box.y + 200, { steps: 3 });
    await expect.poll(() => ben.page.locator('.remote-cursor[data-peer="Ana"]').count()).toBe(1);
  });

  it('hides the others’ cursors at one click, for a shared screen, and remembers it in this browser', async () => {
    const box = await ana.page.locator('.react-flow__pane').boundingBox();
    if (!box) throw new Error('no pane');
    const wiggle = async () => {
      for (let i = 0; i < 4; i++) await ana.page.mouse.move(box.x + 320 + i * 15, box.y + 220 + i * 10, { steps: 2 });
    };
    await wiggle();
    await expect.poll(() => ben.page.locator('.remote-cursor[data-peer="Ana"]').count()).toBe(1);
    const toggle = ben.page.getByRole('button', { name: 'Others’ cursors' });
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    await toggle.click();
    await wiggle();
    await expect.poll(() => ben.page.locator('.remote-cursor').count()).toBe(0);
    // Only the cursors: Ana is still among the people on the map.
    expect(await ben.page.locator('.avatar[data-peer="Ana"]').count()).toBe(1);

    await ben.page.reload();
    await ben.page.locator('.connection.is-connected').waitFor();
    await expect.poll(() => ben.page.locator('.avatar[data-peer="Ana"]').count()).toBe(1);
    // Still hidden after a reload: the toggle says so, and the cursors come back only when it is pressed again.
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    await toggle.click();
    await wiggle();
    await expect.poll(() => ben.page.locator('.remote-cursor[data-peer="Ana"]').count()).toBe(1);
  });

  it('follows another person’s view with one click on their avatar', async () => {
    const transform = (page: Page) => page.locator('.react-flow__viewport').evaluate((el) => getComputedStyle(el).transform);
    await ben.page.locator('.avatar[data-peer="Ana"]').click();
    await ana.page.locator('.react-flow__pane').hover();
    await ana.page.mouse.wheel(0, -600);
    await ana.page.waitForTimeout(300);
    const anas = await transform(ana.page);
    await expect.poll(() => transform(ben.page), { timeout: 5000 }).toBe(anas);
    await ben.page.locator('.avatar[data-peer="Ana"]').click();
    expect(await ben.page.locator('.avatar.is-following').count()).toBe(0);
  });

  it('outlines the step another person has selected', async () => {
    const [id] = await canvasSteps(ana.page);
    await stepNode(ben.page, id).click();
    await expect.poll(() => stepNode(ana.page, id).locator('.step').evaluate((el) => getComputedStyle(el).boxShadow)).not.toBe('none');
  });

  it('undo in one page does not revert the other’s edit', async () => {
    const [id] = await canvasSteps(ana.page);
    await setOwner(ana.page, id, 'Ana owns it');
    await expect.poll(() => stepNode(ben.page, id).textContent()).toContain('Ana owns it');
    const other = await addStep(ben.page, 'human');
    await expect.poll(() => canvasSteps(ana.page)).toContain(other);
    await pressUndo(ana.page);
    await expect.poll(() => stepNode(ben.page, id).textContent()).toContain('Legal Ops lead');
    expect(await canvasSteps(ben.page)).toContain(other);
    expect(await canvasSteps(ana.page)).toContain(other);
  });

  it('a page taken offline keeps editing, and its edits arrive after it reconnects', async () => {
    await ben.context.setOffline(true);
    await expect.poll(() => ben.page.locator('.connection').getAttribute('data-status')).not.toBe('connected');
    const offlineStep = await addStep(ben.page, 'verification');
    await expect.poll(() => ben.page.locator('.connection').textContent()).toMatch(/unsynced change/);
    await ana.page.waitForTimeout(300);
    expect(await canvasSteps(ana.page)).not.toContain(offlineStep);
    await ben.context.setOffline(false);
    await expect.poll(() => canvasSteps(ana.page), { timeout: 15_000 }).toContain(offlineStep);
    await expect.poll(() => ben.page.locator('.connection').getAttribute('data-status')).toBe('connected');
  });

  it('a view link shows the reason and cannot move or delete a step', async () => {
    const created = await env.app.createMap({});
    const viewer = await env.browser.person('Vic');
    const editor = await env.browser.person('Eve');
    await editor.page.goto(created.links.edit);
    await editor.page.locator('.connection.is-connected').waitFor();
    const id = await addStep(editor.page, 'human');
    await viewer.page.goto(created.links.view);
    await expect.poll(() => canvasSteps(viewer.page)).toContain(id);
    expect(await viewer.page.locator('.banner.read-only').textContent()).toContain('View link');
    expect(await viewer.page.locator('.palette').count()).toBe(0);

    const positionBefore = (await env.app.getMap(created.id, created.links.edit)).steps.find((s) => s.id === id)?.position;
    expect(positionBefore).toBeDefined();
    const box = await nodeBox(viewer.page, id);
    await viewer.page.mouse.move(box.x + 40, box.y + 20);
    await viewer.page.mouse.down();
    await viewer.page.mouse.move(box.x + 340, box.y + 220, { steps: 10 });
    await viewer.page.mouse.up();
    await stepNode(viewer.page, id).click();
    await viewer.page.keyboard.press('Delete');
    await viewer.page.waitForTimeout(400);
    expect(await canvasSteps(viewer.page)).toContain(id);
    expect(await canvasSteps(editor.page)).toContain(id);
    const stored = await env.app.getMap(created.id, created.links.edit);
    expect(stored.steps.find((s) => s.id === id)?.position).toEqual(positionBefore);
  });
});
