import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from '../log';
import { securityHeaderLines } from './headers';

/** What each failure Node reports is answered with: a status, its reason phrase, and our words for it. */
function answerFor(code: string): [number, string, string] {
  // Node reports both timeouts, of the headers and of the whole request, as this one code.
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return [408, 'Request Timeout', 'the request took too long to arrive'];
  if (code === 'HPE_HEADER_OVERFLOW') return [431, 'Request Header Fields Too Large', "the request's headers are too large"];
  return [400, 'Bad Request', 'the request is not valid HTTP'];
}

/**
 * A request Node could not take: malformed (400), headers too large (431), or too slow to arrive
 * (408: headersTimeoutMs, requestTimeoutMs). Answered, if nothing was answered yet, as every
 * refusal is (respond.ts: JSON with `error`, not stored by caches) with the usual headers, and
 * the socket is then destroyed, not just ended: a half-closed socket whose client never hangs up
 * would hold its file descriptor for good.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex, log: Logger): void {
  const [status, text, message] = answerFor(error.code ?? '');
  if (status === 408) log.warn('http.timeout', { addr: (socket as Socket).remoteAddress });
  const answering = (socket as Duplex & { _httpMessage?: ServerResponse })._httpMessage;
  if (!socket.writable || answering?.headersSent) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify({ error: message });
  const head = `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\n`;
  socket.end(`${head}${securityHeaderLines()}\r\n${body}`, () => socket.destroy());
  // If the client reads nothing, the answer may never be flushed: do not wait for it.
  setTimeout(() => socket.destroy(), 1000).unref();
}
