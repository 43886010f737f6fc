import type { ServerOptions } from 'node:http';
import type { Settings } from '../settings';

/**
 * Node's HTTP server with our timeouts: a client has `headersTimeoutMs` for its headers and
 * `requestTimeoutMs` for the whole request, body included (the body's read timeout: a body
 * trickled a byte at a time is cut off with the rest), then gets 408 and is closed. Node looks
 * for such connections every `connectionsCheckingInterval` (30 s by default, longer than our
 * timeouts), so we look as often as a tenth of the shorter one, at most once a second.
 */
export function httpServerOptions(settings: Pick<Settings, 'headersTimeoutMs' | 'requestTimeoutMs'>): ServerOptions {
  const { requestTimeoutMs } = settings;
  // Node refuses headers timing out after the whole request would.
  const headersTimeoutMs = requestTimeoutMs > 0 ? Math.min(settings.headersTimeoutMs, requestTimeoutMs) : settings.headersTimeoutMs;
  const shortest = Math.min(...[headersTimeoutMs, requestTimeoutMs].filter((ms) => ms > 0));
  return {
    // Node answers an HTTP/1.1 request without Host itself, bare (no body, none of our headers):
    // the request handler refuses it instead, in the shape of every refusal (missing-host.ts).
    requireHostHeader: false,
    headersTimeout: headersTimeoutMs,
    requestTimeout: requestTimeoutMs,
    connectionsCheckingInterval: Number.isFinite(shortest) ? Math.max(50, Math.min(1000, Math.floor(shortest / 10))) : 30_000,
  };
}
