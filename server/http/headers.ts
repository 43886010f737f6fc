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

export function setSecurityHeaders(res: ServerResponse, dev = false): void {
  res.setHeader('Content-Security-Policy', dev ? DEV_CONTENT_SECURITY_POLICY : CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // The token is in the fragment, which browsers never send; no-referrer also keeps the map's URL private.
  res.setHeader('Referrer-Policy', 'no-referrer');
}
