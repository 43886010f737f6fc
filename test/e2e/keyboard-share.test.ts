import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loadFixture } from '../fixtures/load';
import { withAppAndBrowser } from './setup';

/**
 * Make new link in the Share dialog from the keyboard, as a screen reader user meets it. The
 * confirmation takes the button's place, so answering it takes away the button the focus was on:
 * it used to fall to the page's body, where a screen reader says nothing and Tab starts over; and
 * Esc, meant for the question, closed the whole dialog.
 */
const env = withAppAndBrowser();

/** The focused element as a screen reader names a button: its aria-label, else its text. */
const focusedName = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent?.trim() ?? '');

async function shareFromKeyboard() {
  const created = await env.app.createMap(loadFixture('contract-review'));
  const person = await env.browser.person('Facilitator');
  await person.page.goto(created.links.edit);
  await person.page.locator('.connection.is-connected').waitFor();
  await person.page.getByRole('button', { name: 'Share', exact: true }).focus();
  await person.page.keyboard.press('Enter');
  const dialog = person.page.getByRole('dialog', { name: 'Share this map' });
  await dialog.waitFor();
  return { ...person, created, dialog };
}

describe('Make new link from the keyboard', () => {
  it('Esc and Keep it answer the question only, and give the focus back to Make new link', async () => {
    const { context, page, created, dialog } = await shareFromKeyboard();
    await dialog.getByRole('button', { name: 'Make new link: review link' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedName(page)).toBe('Keep it');

    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.locator('.share-confirm').count()).toBe(0);
    expect(await dialog.count()).toBe(1);
    expect(await focusedName(page)).toBe('Make new link: review link');

    await page.keyboard.press('Enter');
    await expect.poll(() => focusedName(page)).toBe('Keep it');
    await page.keyboard.press('Enter');
    await expect.poll(() => dialog.locator('.share-confirm').count()).toBe(0);
    expect(await focusedName(page)).toBe('Make new link: review link');
    // Nothing was replaced.
    expect(await dialog.locator('#share-review').inputValue()).toBe(created.links.review);
    await context.close();
  }, 60_000);

  it('after replacing, the focus is back on Make new link and the outcome is said in a status region that was already there', async () => {
    const { context, page, created, dialog } = await shareFromKeyboard();
    await dialog.getByRole('button', { name: 'Make new link: view link' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedName(page)).toBe('Keep it');
    // A live region is read when what it says changes, not when it is drawn with its words in it.
    const status = dialog.locator('.share-replace[data-replaces="view"] [role="status"]');
    expect(await status.count()).toBe(1);
    expect(await status.textContent()).toBe('');

    await page.keyboard.press('Shift+Tab');
    expect(await focusedName(page)).toBe('Replace the view link');
    await page.keyboard.press('Enter');
    await expect.poll(() => status.textContent()).toBe('New view link made: the old one no longer opens the map.');
    await expect.poll(() => focusedName(page)).toBe('Make new link: view link');
    expect(await dialog.locator('#share-view').inputValue()).not.toBe(created.links.view);
    await context.close();
  }, 60_000);
});
