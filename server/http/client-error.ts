import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from '../log';
import { securityHeaderLines } from './headers';

/**
 * A request Node could not take: malformed (400), headers too large (431), or too slow to arrive
 * (408: headersTimeoutMs, requestTimeoutMs). Answered, if nothing was answered yet, with the
 * usual headers, and the socket is then destroyed, not just ended: a half-closed socket whose
 * client never hangs up would hold its file descriptor for good.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex, log: Logger): void {
  const code = error.code ?? '';
  // Node reports both timeouts, of the headers and of the whole request, as this one code.
  const [status, text] = code === 'ERR_HTTP_REQUEST_TIMEOUT' ? [408, 'Request Timeout'] : code === 'HPE_HEADER_OVERFLOW' ? [431, 'Request Header Fields Too Large'] : [400, 'Bad Request'];
  if (status === 408) log.warn('http.timeout', { addr: (socket as Socket).remoteAddress });
  const answering = (socket as Duplex & { _httpMessage?: ServerResponse })._httpMessage;
  if (!socket.writable || answering?.headersSent) {
    socket.destroy();
    return;
  }
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n${securityHeaderLines()}\r\n`, () => socket.destroy());
  // If the client reads nothing, the answer may never be flushed: do not wait for it.
  setTimeout(() => socket.destroy(), 1000).unref();
}
