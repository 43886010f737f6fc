import { expect, it } from 'vitest';
import { withAppAndBrowser } from './setup';

/** A private server (STALLMAP_CREATE_TOKEN): the home page asks for the create token once, and keeps it. */
const env = withAppAndBrowser({ createToken: 'open-sesame' });

it('asks for the create token when the server wants one, says so when it is wrong, and remembers the right one', async () => {
  const { page } = await env.browser.person('Kim');
  await page.goto(env.app.url);
  await page.getByRole('button', { name: /Empty map/ }).click();
  const form = page.locator('form.create-token');
  await form.waitFor();
  await form.getByLabel('Create token').fill('open-barley');
  await form.getByRole('button', { name: 'Create the map' }).click();
  await expect.poll(() => form.textContent()).toContain('was not accepted');

  await form.getByLabel('Create token').fill('open-sesame');
  await form.getByRole('button', { name: 'Create the map' }).click();
  await page.waitForURL(/\/m\/[A-Za-z0-9_-]+#token=/);
  await page.locator('.connection.is-connected').waitFor();

  // Kept on this browser: the next map is created without asking.
  await page.goto(env.app.url);
  await page.getByRole('button', { name: /Empty map/ }).click();
  await page.waitForURL(/\/m\/[A-Za-z0-9_-]+#token=/);
  expect(await page.evaluate(() => localStorage.getItem('stallmap:create-token'))).toBe('open-sesame');
});
