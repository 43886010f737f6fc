import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StallMap } from '../../src/core/model';
import { startServer } from '../../server/app';
import { silentLogger } from '../../server/log';

export interface CreatedMap {
  id: string;
  links: { edit: string; review: string; view: string };
}

export interface AppHandle {
  url: string;
  dataDir: string;
  createMap(body: unknown): Promise<CreatedMap>;
  getMap(id: string, link: string): Promise<StallMap>;
  close(): Promise<void>;
}

/** The real server, serving the built app (dist/, built by the global setup), on a free port. */
export async function startApp(): Promise<AppHandle> {
  const dataDir = mkdtempSync(join(tmpdir(), 'stallmap-e2e-'));
  const server = await startServer({ port: 0, host: '127.0.0.1', dataDir, logger: silentLogger });
  const url = server.url;
  const token = (link: string) => /#token=(.+)$/.exec(link)?.[1] ?? '';
  return {
    url,
    dataDir,
    async createMap(body) {
      const response = await fetch(`${url}/api/maps`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (response.status !== 201) throw new Error(`create failed: ${response.status} ${await response.text()}`);
      return response.json();
    },
    async getMap(id, link) {
      const response = await fetch(`${url}/api/maps/${id}`, { headers: { authorization: `Bearer ${token(link)}` } });
      if (!response.ok) throw new Error(`get failed: ${response.status}`);
      return response.json();
    },
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
