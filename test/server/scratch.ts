import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import type { RunningServer } from '../../server/app';

/**
 * What a test file that starts and restarts servers on data directories of its own gives back
 * after each test: the providers it opened, the servers it started (closed), the directories it
 * made (removed). Register it once at the top of the file.
 */
export function scratchSpace(prefix: string) {
  const dirs: string[] = [];
  const running: RunningServer[] = [];
  const providers: WebsocketProvider[] = [];
  afterEach(async () => {
    for (const provider of providers.splice(0)) provider.destroy();
    for (const server of running.splice(0)) await server.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return {
    running,
    providers,
    tempDir(): string {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      dirs.push(dir);
      return dir;
    },
  };
}
