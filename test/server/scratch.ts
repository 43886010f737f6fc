import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { type RunningServer, startServer } from '../../server/app';
import { itemFromFields, stepsOf } from '../../src/collab/doc';
import { captureLogger, connect, type CreatedMap, synced, waitFor } from './helpers';

/** A server this test file started on a data directory of its own, with the lines it logged. */
export interface Started {
  url: string;
  logs: string[];
  server: RunningServer;
}

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
    /** The real server on `dataDir`, in this process (restarts are quick); its log lines are kept. */
    async start(dataDir: string): Promise<Started> {
      const logger = captureLogger();
      const server = await startServer({ port: 0, dataDir, logger });
      running.push(server);
      return { url: server.url, logs: logger.lines, server };
    },
    /** As SIGTERM does: the server writes what is pending, compacts its rooms and closes the database. */
    async stop({ server }: Started): Promise<void> {
      running.splice(running.indexOf(server), 1);
      await server.close();
    },
    /** Adds steps one at a time, each stored as its own write (an observer has it before the next goes). */
    async addSteps(started: Started, map: CreatedMap, count: number, step: (i: number) => { id: string; fields: Record<string, unknown> }): Promise<void> {
      const syncUrl = `${started.url.replace('http', 'ws')}/sync`;
      const writer = connect(syncUrl, map.id, map.tokens.edit);
      const observer = connect(syncUrl, map.id, map.tokens.view);
      providers.push(writer.provider, observer.provider);
      await Promise.all([synced(writer.provider), synced(observer.provider)]);
      for (let i = 0; i < count; i += 1) {
        const { id, fields } = step(i);
        stepsOf(writer.doc).set(id, itemFromFields(fields));
        await waitFor(() => stepsOf(observer.doc).has(id), 5000, `step ${i} to be relayed`);
      }
      writer.provider.destroy();
      observer.provider.destroy();
    },
  };
}
