import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorText } from '../log';
import { sendJson } from '../http/respond';
import type { DocStore } from '../storage/store';

/**
 * GET /healthz: 200 `{ ok: true }` when the storage answers a read and no damage is known; 503
 * with the reasons when the store was found damaged at start (a cut log, a damaged table, maps
 * that lost updates) or a read has failed with damage since, or the read fails now. One small
 * read per request (the store's probe record), never a scan.
 */
export async function healthRoute(_req: IncomingMessage, res: ServerResponse, store: DocStore): Promise<void> {
  try {
    await store.ping();
  } catch (error) {
    return sendJson(res, 503, { ok: false, storage: 'unreadable', problems: [`a read of the storage failed: ${errorText(error)}`] });
  }
  const summary = store.health.summary();
  sendJson(res, summary.ok ? 200 : 503, summary);
}
