import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorText } from '../log';
import { sendJson } from '../http/respond';
import type { DocStore } from '../storage/store';

/**
 * GET /healthz: 200 `{ ok: true }` when the storage answers its probe and no damage is known; 503
 * with the reasons when the store was found damaged at start (a cut log, a damaged table, maps
 * that lost updates) or a read has failed with damage since, or the probe fails now. One small
 * probe per request, never a scan: a read on LevelDB, a write on Redis (store.ping).
 */
export async function healthRoute(_req: IncomingMessage, res: ServerResponse, store: DocStore): Promise<void> {
  try {
    await store.ping();
  } catch (error) {
    return sendJson(res, 503, { ok: false, storage: 'unreadable', problems: [`the storage failed its check: ${errorText(error)}`] });
  }
  const summary = store.health.summary();
  sendJson(res, summary.ok ? 200 : 503, summary);
}
