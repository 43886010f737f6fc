import type { IncomingMessage } from 'node:http';

export type CrossSiteRefusal = { status: 403 | 415; code: 'cross-site' | 'json-only'; message: string };

/** `application/json`, with or without parameters (`; charset=utf-8`). */
const JSON_TYPE = /^application\/json\s*(;|$)/i;

/**
 * Refuses a request another site's page could have made its visitors send. A page may POST
 * `text/plain`, a form or no type at all to any server without asking; only a JSON content type
 * makes the browser ask first (a CORS preflight, which we never grant). And when the browser says
 * where the page came from (Origin), it must be this server (its Host) or an allowed origin.
 * Clients that are not browsers send no Origin and are not affected.
 */
export function crossSiteRefusal(req: IncomingMessage, allowedOrigins: readonly string[]): CrossSiteRefusal | undefined {
  if (!JSON_TYPE.test(req.headers['content-type'] ?? '')) {
    return { status: 415, code: 'json-only', message: 'send the map as JSON: Content-Type: application/json' };
  }
  const origin = req.headers.origin;
  if (origin === undefined || sameOrigin(origin, req.headers.host) || allowedOrigins.some((allowed) => sameOrigin(origin, undefined, allowed))) return undefined;
  return { status: 403, code: 'cross-site', message: 'maps are created from this server\'s own page (or an allowed origin: STALLMAP_ALLOWED_ORIGINS)' };
}

/** Whether `origin` names this host (any scheme: behind a TLS proxy the page is https, Host the same), or the allowed origin exactly. */
function sameOrigin(origin: string, host: string | undefined, allowed?: string): boolean {
  let from: URL;
  try {
    from = new URL(origin);
  } catch {
    return false; // "null" (a sandboxed page, a file) or nonsense
  }
  if (from.protocol !== 'http:' && from.protocol !== 'https:') return false;
  if (allowed !== undefined) {
    try {
      return new URL(allowed).origin === from.origin;
    } catch {
      return false;
    }
  }
  if (!host) return false;
  try {
    // Through URL on both sides, so a default port written out (Host: x:80) compares equal.
    return new URL(`${from.protocol}//${host}`).host === from.host;
  } catch {
    return false;
  }
}
