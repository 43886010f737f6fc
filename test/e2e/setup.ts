import { afterAll, beforeAll } from 'vitest';
import type { ServerOptions } from '../../server/app';
import { startApp, type AppHandle } from './app';
import { launchBrowser, type BrowserHandle } from './browser';

/** The real server and Chromium for one test file: started before its tests, closed after. */
export function withAppAndBrowser(options: ServerOptions = {}): { app: AppHandle; browser: BrowserHandle } {
  const env = {} as { app: AppHandle; browser: BrowserHandle };
  beforeAll(async () => {
    env.app = await startApp(options);
    env.browser = await launchBrowser();
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.app?.close();
  });
  return env;
}
