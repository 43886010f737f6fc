import type { ServerResponse } from 'node:http';
import { hasUnreadBody } from './body';

/** An answer given before the request's body was read ends the connection, so the body is never read (body.ts). */
export function closeIfBodyUnread(res: ServerResponse): void {
  if (res.req && hasUnreadBody(res.req)) res.setHeader('Connection', 'close');
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendBody(res, status, JSON.stringify(body), 'application/json', headers);
}

export function sendText(res: ServerResponse, status: number, text: string, type = 'text/plain'): void {
  sendBody(res, status, text, type);
}

/** A whole answer, never cached by anyone on the way: `type` without its charset (always UTF-8; a text, or its bytes). */
export function sendBody(res: ServerResponse, status: number, text: string | Uint8Array, type: string, headers: Record<string, string> = {}): void {
  closeIfBodyUnread(res);
  res.writeHead(status, {
    'Content-Type': `${type}; charset=utf-8`,
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/** API errors have one shape: `{ "error": message }`, plus whatever details the route adds, and any headers (Retry-After). */
export function sendError(res: ServerResponse, status: number, message: string, details: Record<string, unknown> = {}, headers: Record<string, string> = {}): void {
  sendJson(res, status, { error: message, ...details }, headers);
}
