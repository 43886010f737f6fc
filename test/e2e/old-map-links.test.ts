import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { withAppAndBrowser } from './setup';

/**
 * A map made with 0.1.0, after the upgrade: its review and view links are only in the browser
 * that created it, so an editor anywhere else could not share it for review. Share now offers to
 * make new ones, which every editor can fetch from then on.
 */
const FIXTURE = fileURLToPath(new URL('../fixtures/release-0.1.0/', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'stallmap-old-links-'));
cpSync(join(FIXTURE, 'data-dir'), dataDir, { recursive: true });
const { template } = JSON.parse(readFileSync(join(FIXTURE, 'maps.json'), 'utf8')) as { template: { id: string; tokens: Record<'edit' | 'review' | 'view', string> } };

const env = withAppAndBrowser({ dataDir });

describe('sharing a map made with 0.1.0 from another browser', () => {
  it('offers new review and view links, and the old ones stop working', async () => {
    const editor = await env.browser.person('Facilitator');
    const leader = await env.browser.person('Leader');
    await leader.page.goto(`${env.app.url}/m/${template.id}#token=${template.tokens.review}`);
    await editor.page.goto(`${env.app.url}/m/${template.id}#token=${template.tokens.edit}`);
    for (const { page } of [editor, leader]) await page.locator('.connection.is-connected').waitFor();

    await editor.page.getByRole('button', { name: 'Share' }).click();
    const dialog = editor.page.getByRole('dialog');
    await expect.poll(() => dialog.locator('[data-role="old-links"]').textContent()).toContain('its review and view links are only in the browser that created it');
    await dialog.getByRole('button', { name: 'Make new review and view links' }).click();
    expect(await dialog.locator('.share-confirm').textContent()).toContain('The review and view links this map was created with stop working');
    await dialog.getByRole('button', { name: 'Replace the review and view links' }).click();

    await expect.poll(() => dialog.getByRole('status').first().textContent()).toContain('New review and view links made');
    // The question went with its part of the dialog: the focus is on what the person came for, not lost to the page's body.
    await expect.poll(() => editor.page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Copy the review link');
    const review = await dialog.locator('.share-link[data-role="review"] input').inputValue();
    expect(await dialog.locator('.share-link[data-role="view"] input').inputValue()).toMatch(new RegExp(`/m/${template.id}#token=`));
    expect(review).not.toContain(template.tokens.review);
    await expect.poll(() => leader.page.locator('.banner.refusal').textContent(), { timeout: 15_000 }).toContain('This review link was replaced');

    // The new review link opens the map for the leader.
    await leader.page.goto(review);
    await leader.page.locator('.connection.is-connected').waitFor();
    expect(await leader.page.locator('.banner.refusal').count()).toBe(0);
    for (const person of [editor, leader]) await person.context.close();
  }, 60_000);
});
