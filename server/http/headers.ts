import type { ServerResponse } from 'node:http';

/**
 * On every response. No inline scripts: labels, comments and names arrive from other people, and
 * the CSP is the second wall if one ever reaches the page as HTML. Styles may be inline (React
 * Flow positions nodes with style attributes).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self' ws: wss:",
  "worker-src 'self' blob:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

// Vite's dev server injects the React refresh preamble as an inline script; only `npm run dev` allows it.
const DEV_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'");

function securityHeaders(dev: boolean): Record<string, string> {
  return {
    'Content-Security-Policy': dev ? DEV_CONTENT_SECURITY_POLICY : CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    // The token is in the fragment, which browsers never send; no-referrer also keeps the map's URL private.
    'Referrer-Policy': 'no-referrer',
    // frame-ancestors says the same to browsers that read CSP; this, to those that do not.
    'X-Frame-Options': 'DENY',
  };
}

export function setSecurityHeaders(res: ServerResponse, dev = false): void {
  for (const [name, value] of Object.entries(securityHeaders(dev))) res.setHeader(name, value);
}

/** The same headers as raw lines, for answers written straight to a socket (a refused upgrade, a malformed request). */
export function securityHeaderLines(): string {
  return Object.entries(securityHeaders(false))
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
}
