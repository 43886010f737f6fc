import type { StallMap } from '../../src/core/model';
import type { ServerOptions } from '../../server/app';
import { createMap, getMap, startTestServer, type CreatedMap } from '../server/helpers';

export type { CreatedMap };

export interface AppHandle {
  url: string;
  /** ws://…/sync, for a stock y-websocket client beside the pages. */
  syncUrl: string;
  createMap(body: unknown): Promise<CreatedMap>;
  getMap(id: string, link: string): Promise<StallMap>;
  /** The server's log lines so far. */
  logs: string[];
  close(): Promise<void>;
}

/** The real server, serving the built app (dist/, built by the global setup), on a free port. */
export async function startApp(options: ServerOptions = {}): Promise<AppHandle> {
  const server = await startTestServer({ host: '127.0.0.1', ...options });
  const token = (link: string) => new URL(link).hash.replace('#token=', '');
  return {
    url: server.url,
    syncUrl: server.syncUrl,
    createMap: (body) => createMap(server.url, body),
    async getMap(id, link) {
      const { status, body } = await getMap(server.url, id, token(link));
      if (status !== 200) throw new Error(`GET /api/maps/${id} answered ${status}`);
      return body as unknown as StallMap;
    },
    logs: server.logs,
    close: () => server.close(),
  };
}
