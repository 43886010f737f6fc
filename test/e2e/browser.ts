import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/**
 * Debian's Chromium driven by playwright-core: no test tool downloads a browser. The flags keep
 * it from calling home on a machine with no internet;
 * playwright gives every launch a fresh, empty profile of its own.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface BrowserHandle {
  browser: Browser;
  /** A fresh person: their own storage, their name already chosen. */
  person(name: string): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

/** `extraFlags`: for one test file's browser only (e.g. `--host-resolver-rules` to name loopback otherwise). */
export async function launchBrowser(extraFlags: string[] = []): Promise<BrowserHandle> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...FLAGS, ...extraFlags], headless: true });
  return {
    browser,
    async person(name) {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      await context.addInitScript((who) => {
        if (!localStorage.getItem('stallmap:name')) localStorage.setItem('stallmap:name', who);
      }, name);
      const page = await context.newPage();
      page.on('pageerror', (error) => console.error(`[${name}] page error:`, error.message));
      return { context, page };
    },
    async close() {
      await browser.close();
    },
  };
}
