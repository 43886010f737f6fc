import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { CHROMIUM, FLAGS } from '../test/e2e/browser';

/**
 * Opens a page in Chromium as a person's browser opens it: no DevTools domain switched on, only
 * the page driven (Target, Page) and read (Runtime.evaluate). Playwright switches the Runtime
 * domain on for every page, and with it on V8 works out source positions for the scripts it
 * compiles: on this machine about 150 ms more in the task that evaluates the app's bundle, the
 * longest task of a 1,000-step map's opening (BENCHMARKS.md). So opening is timed here as well.
 */
export async function openPlainly(url: string, ready: string, initScript: string): Promise<{ ms: number; longTasks: number[] }> {
  const profile = mkdtempSync(join(tmpdir(), 'stallmap-plain-'));
  const chrome = spawn(CHROMIUM, [...FLAGS, '--window-size=1400,900', `--user-data-dir=${profile}`, '--remote-debugging-port=0', 'about:blank'], { stdio: 'ignore' });
  let opened: Session | undefined;
  try {
    const cdp = await session(new WebSocket(await devtoolsEndpoint(profile)));
    opened = cdp;
    const { targetId } = await cdp.send('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await cdp.send('Target.attachToTarget', { targetId, flatten: true });
    const page = (method: string, params: object = {}) => cdp.send(method, params, sessionId);
    await page('Page.enable');
    await page('Page.addScriptToEvaluateOnNewDocument', { source: initScript });
    const started = Date.now();
    await page('Page.navigate', { url });
    const value = async (expression: string) => (await page('Runtime.evaluate', { expression, returnByValue: true })).result?.value;
    while (!(await value(ready))) {
      if (Date.now() - started > 120_000) throw new Error(`the page was not ready within 120 s: ${ready}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const ms = Date.now() - started;
    await value('new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))');
    return { ms, longTasks: (await value('window.longTasks.slice()')) as number[] };
  } finally {
    const exited = new Promise((resolve) => (chrome.exitCode === null ? chrome.once('exit', resolve) : resolve(undefined)));
    // Closed as a person closes it, so its helper processes are gone before its profile is removed.
    await (opened?.send('Browser.close') ?? Promise.reject()).catch(() => chrome.kill());
    await exited;
    opened?.close();
    rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  }
}

/** The browser's DevTools address, from the file Chromium writes once it listens. */
async function devtoolsEndpoint(profile: string): Promise<string> {
  const file = join(profile, 'DevToolsActivePort');
  const deadline = Date.now() + 30_000;
  for (;;) {
    const lines = existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : [];
    if (lines.length === 2) return `ws://127.0.0.1:${lines[0]}${lines[1]}`;
    if (Date.now() > deadline) throw new Error('Chromium did not open its DevTools port within 30 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

interface Session {
  send(method: string, params?: object, sessionId?: string): Promise<Record<string, any>>;
  close(): void;
}

/** The DevTools protocol over one socket: a command, and its answer. */
async function session(socket: WebSocket): Promise<Session> {
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  let last = 0;
  const answers = new Map<number, { resolve: (result: Record<string, any>) => void; reject: (error: Error) => void }>();
  socket.on('message', (data) => {
    const message = JSON.parse(String(data));
    const waiting = answers.get(message.id);
    if (!waiting) return;
    answers.delete(message.id);
    if (message.error) waiting.reject(new Error(`${message.error.message} (${message.error.code})`));
    else waiting.resolve(message.result ?? {});
  });
  return {
    send(method, params = {}, sessionId) {
      const id = ++last;
      socket.send(JSON.stringify({ id, method, params, sessionId }));
      return new Promise((resolve, reject) => answers.set(id, { resolve, reject }));
    },
    close: () => socket.close(),
  };
}
