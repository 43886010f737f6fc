import { afterAll, beforeAll } from 'vitest';
import { startApp, type AppHandle } from './app';
import { launchBrowser, type BrowserHandle } from './browser';

/** The real server and Chromium for one test file: started before its tests, closed after. */
export function withAppAndBrowser(): { app: AppHandle; browser: BrowserHandle } {
  const env = {} as { app: AppHandle; browser: BrowserHandle };
  beforeAll(async () => {
    env.app = await startApp();
    env.browser = await launchBrowser();
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.app?.close();
  });
  return env;
}
