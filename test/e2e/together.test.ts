import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { loadFixture } from '../fixtures/load';
import type { CreatedMap } from './app';
import { pressUndo, stepNode } from './canvas';
import { withAppAndBrowser } from './setup';

/**
 * Two people on one map at once, as in a workshop: what one does to a step must never turn the
 * other's page against them (a stale selection, a field that writes back what it showed, a
 * rename that reopens and takes their keyboard, a keyboard join stuck on a step that is gone).
 * The example map: Contract received → Summarise contract (AI) → Paralegal re-reads (check) → signed.
 */
const env = withAppAndBrowser();
let created: CreatedMap;
let ana: Page;
let ben: Page;
let contexts: BrowserContext[] = [];

beforeEach(async () => {
  created = await env.app.createMap(loadFixture('contract-review'));
  const people = [await env.browser.person('Ana'), await env.browser.person('Ben')];
  contexts = people.map((person) => person.context);
  [ana, ben] = people.map((person) => person.page);
  for (const page of [ana, ben]) {
    await page.goto(created.links.edit);
    await page.locator('.connection.is-connected').waitFor();
  }
});

afterEach(async () => {
  for (const context of contexts) await context.close();
});

const stored = () => env.app.getMap(created.id, created.links.edit);

/** Deletes a step as a person does: a click on it, then the Delete key. */
async function deleteStep(page: Page, id: string): Promise<void> {
  await stepNode(page, id).click();
  await page.keyboard.press('Delete');
}

describe('two people editing one map', () => {
  it('tabbing through a field you did not type in keeps the value a colleague set meanwhile, and shows it', async () => {
    await stepNode(ana, 'chk').click();
    const anasField = ana.locator('.inspector input[name="workMinutes"]');
    await anasField.focus();
    expect(await anasField.inputValue()).toBe('50m');

    await stepNode(ben, 'chk').click();
    const bensField = ben.locator('.inspector input[name="workMinutes"]');
    await bensField.fill('2h');
    await bensField.press('Enter');
    await expect.poll(async () => (await stored()).steps.find((s) => s.id === 'chk')?.workMinutes).toBe(120);

    // Ana's field, focused but untouched, shows Ben's value; leaving it writes nothing.
    await expect.poll(() => anasField.inputValue()).toBe('2h');
    await ana.keyboard.press('Tab');
    await ana.waitForTimeout(300);
    expect((await stored()).steps.find((s) => s.id === 'chk')?.workMinutes).toBe(120);

    // What she does type is still written when she leaves the field.
    await anasField.fill('90m');
    await ana.keyboard.press('Tab');
    await expect.poll(async () => (await stored()).steps.find((s) => s.id === 'chk')?.workMinutes).toBe(90);
  });

  it('two people typing in the same field at once each keep their own text, and the map takes one whole, never a mix of the two', async () => {
    const fields = [ana, ben].map((page) => page.locator('.inspector input[name="owner"]'));
    for (const [i, page] of [ana, ben].entries()) {
      await stepNode(page, 'sum').click();
      await fields[i].click();
      await page.keyboard.press('Control+a');
    }
    // Both start typing over "Legal Ops lead", each a letter in before the other goes on.
    const owner = (page: Page) => stepNode(page, 'sum').locator('.step-owner').textContent();
    await ana.keyboard.type('A');
    await expect.poll(() => owner(ben)).toBe('A');
    await ben.keyboard.press('Control+a');
    await ben.keyboard.type('B');
    await expect.poll(() => owner(ana)).toBe('B');
    // Ana's text reaches Ben's page while he is still typing his.
    await ana.keyboard.type('na Lead');
    await expect.poll(() => owner(ben)).toMatch(/na Lead$/);
    await ben.keyboard.type('en Lead');
    await expect.poll(async () => (await stored()).steps.find((s) => s.id === 'sum')?.owner).toBe('Ben Lead');
    expect(await fields[0].inputValue()).toBe('Ana Lead');
    expect(await fields[1].inputValue()).toBe('Ben Lead');

    // Leaving the field shows what the map holds: Ben's text, typed last, on both pages.
    await ana.keyboard.press('Tab');
    await ben.keyboard.press('Tab');
    for (const [i, page] of [ana, ben].entries()) {
      await expect.poll(() => fields[i].inputValue()).toBe('Ben Lead');
      await expect.poll(() => owner(page)).toBe('Ben Lead');
    }
  });

  it('a step a colleague deletes leaves the selection: the next click selects only the step clicked', async () => {
    await stepNode(ana, 'sum').click();
    await expect.poll(() => ana.locator('.inspector input[name="label"]').inputValue()).toBe('Summarise contract');
    await deleteStep(ben, 'sum');
    await stepNode(ana, 'sum').waitFor({ state: 'detached' });

    await stepNode(ana, 'chk').click();
    await expect.poll(() => ana.locator('.inspector input[name="label"]').inputValue()).toBe('Paralegal re-reads contract');
    expect(await ana.locator('.inspector h2').first().textContent()).not.toMatch(/selected/);

    // Ben's undo brings the step back, not selected on Ana's page.
    await pressUndo(ben);
    await stepNode(ana, 'sum').waitFor();
    expect(await stepNode(ana, 'sum').getAttribute('class')).not.toContain('selected');
  });

  it('a rename open on a step a colleague deletes ends with it, and does not come back with the step to take the keyboard', async () => {
    await stepNode(ana, 'sum').dblclick();
    await ana.locator('.step-label-editor').waitFor();
    await deleteStep(ben, 'sum');
    await stepNode(ana, 'sum').waitFor({ state: 'detached' });

    // Ana goes on in another step's notes; Ben takes his delete back.
    await stepNode(ana, 'chk').click();
    const notes = ana.locator('.inspector textarea[name="notes"]');
    await notes.click();
    await pressUndo(ben);
    await stepNode(ana, 'sum').waitFor();
    await ana.waitForTimeout(300);
    expect(await ana.locator('.step-label-editor').count()).toBe(0);
    await ana.keyboard.type('Sample 10%');
    await expect.poll(async () => (await stored()).steps.find((s) => s.id === 'chk')?.notes).toBe('Sample 10%');
    expect((await stored()).steps.find((s) => s.id === 'sum')?.label).toBe('Summarise contract');
  });

  it('a keyboard join whose chosen step a colleague deletes offers another step, and Enter joins to it', async () => {
    await stepNode(ana, 'in').click();
    await ana.keyboard.press('j');
    const said = ana.locator('.canvas-message');
    await expect.poll(() => said.textContent()).toContain('Join “Contract received” to “Summarise contract”?');

    await deleteStep(ben, 'sum');
    await expect.poll(() => said.textContent()).toMatch(/^The step chosen was removed\. Join “Contract received” to “[^”]+”\?/);
    await ana.keyboard.press('Enter');
    await expect.poll(async () => (await stored()).joins.some((j) => j.from === 'in' && j.to !== 'sum')).toBe(true);
  });
});
