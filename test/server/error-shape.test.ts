import { connect as tcpConnect } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../server/http/headers';
import { startTestServer, type TestServer } from './helpers';

/**
 * The answers Node would write on its own (a request without Host, one that took too long, one
 * it could not parse) have the documented shape too: JSON with `error`, `Cache-Control:
 * no-store`, and the security headers.
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ requestTimeoutMs: 400, headersTimeoutMs: 400 });
});
afterAll(() => server.close());

/** Writes `request` (then `trickle` every 100 ms, if given) and resolves with the status, headers and body of the answer. */
function rawExchange(request: string, trickle?: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    let answer = '';
    let timer: NodeJS.Timeout | undefined;
    const socket = tcpConnect(Number(url.port), url.hostname, () => {
      socket.write(request);
      if (trickle) timer = setInterval(() => socket.writable && socket.write(trickle), 100);
    });
    socket.on('data', (chunk) => {
      answer += chunk;
    });
    socket.on('close', () => {
      clearInterval(timer);
      const [head, ...rest] = answer.split('\r\n\r\n');
      const [statusLine, ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') });
    });
    socket.on('error', reject);
  });
}

function expectDocumentedShape(answer: { headers: Record<string, string>; body: string }, what: string) {
  expect(answer.headers['content-type'], what).toBe('application/json; charset=utf-8');
  expect(answer.headers['cache-control'], what).toBe('no-store');
  expect(answer.headers['content-security-policy'], what).toBe(CONTENT_SECURITY_POLICY);
  expect(answer.headers['x-frame-options'], what).toBe('DENY');
  expect(JSON.parse(answer.body), what).toEqual({ error: expect.any(String) });
}

it('answers an HTTP/1.1 request without Host with a JSON 400', async () => {
  for (const path of ['/healthz', '/api/maps/AAAAAAAAAAAAAAAA', '/']) {
    const answer = await rawExchange(`GET ${path} HTTP/1.1\r\nConnection: close\r\n\r\n`);
    expect(answer.status, path).toBe(400);
    expectDocumentedShape(answer, path);
    expect(JSON.parse(answer.body).error).toContain('Host');
  }
});

it('answers a body trickled past the timeout with a JSON 408', async () => {
  const start = 'POST /api/maps HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{';
  const answer = await rawExchange(start, ' ');
  expect(answer.status).toBe(408);
  expectDocumentedShape(answer, '408');
});

it('answers a request it cannot parse with a JSON 400', async () => {
  const answer = await rawExchange('NONSENSE\r\n\r\n');
  expect(answer.status).toBe(400);
  expectDocumentedShape(answer, 'malformed');
});
