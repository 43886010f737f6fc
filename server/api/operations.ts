import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendError, sendJson } from '../http/respond';
import type { ServerMetrics } from '../metrics';
import { bearerToken } from './auth';

export interface OperationsDeps {
  metrics: ServerMetrics;
  /** True from when storage is open and the port listens until shutdown begins. */
  isReady(): boolean;
  /** STALLMAP_METRICS_TOKEN; empty: /metrics is open. */
  metricsToken: string;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * For whoever runs the server: `GET /readyz` (200 while it takes traffic: storage open, port
 * listening, not shutting down; 503 once shutdown begins, so a load balancer stops sending before
 * the sockets close) and `GET /metrics` (Prometheus text format). `/healthz`, which reads the
 * storage, is the API's (health.ts). Returns false for every other path.
 */
export function createOperationsRoutes(deps: OperationsDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const pathname = (req.url ?? '/').split('?')[0];
    if (pathname !== '/readyz' && pathname !== '/metrics') return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      sendError(res, 405, `${req.method} is not allowed here`);
      return true;
    }
    if (pathname === '/readyz') {
      const ready = deps.isReady();
      sendJson(res, ready ? 200 : 503, ready ? { ready: true } : { ready: false, reason: 'shutting down' });
      return true;
    }
    if (deps.metricsToken) {
      const given = bearerToken(req);
      // Hashed first: timingSafeEqual needs equal lengths, and neither length nor prefix may be timed.
      if (!given || !timingSafeEqual(digest(given), digest(deps.metricsToken))) {
        sendError(res, 401, 'this server shows its metrics only with its metrics token: Authorization: Bearer <token>', {}, { 'WWW-Authenticate': 'Bearer' });
        return true;
      }
    }
    const text = await deps.metrics.text();
    res.writeHead(200, { 'Content-Type': deps.metrics.contentType(), 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
    res.end(text);
    return true;
  };
}
