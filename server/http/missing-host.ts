import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendError } from './respond';

/**
 * HTTP/1.1 requires a Host header (HTTP/1.0 had none). Node's own check answers without a body
 * or our headers, so it is turned off (server-options.ts) and made here: true if refused.
 */
export function refuseMissingHost(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.headers.host !== undefined || req.httpVersion === '1.0') return false;
  sendError(res, 400, `the Host header is missing (HTTP/${req.httpVersion} requires it)`);
  return true;
}
