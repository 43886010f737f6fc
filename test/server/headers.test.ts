import { rmSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../server/http/headers';
import { memoryStore } from '../../server/storage/memory';
import { createMap, fakeDist, startTestServer, type TestServer } from './helpers';

/** Security headers on every answer: pages, files, the SPA fallback, API JSON, errors of every kind. */
let dist = '';
let server: TestServer;
beforeAll(async () => {
  dist = fakeDist({ 'assets/main-1.js': 'console.log(1)' });
  // A store that fails for one map, to see a 500.
  const store = memoryStore();
  const failing = { ...store, getRecord: (room: string, key: string) => (room === 'BROKEN' ? Promise.reject(new Error('disk on fire')) : store.getRecord(room, key)) };
  server = await startTestServer({ distDir: dist, store: failing, maxBodyBytes: 1024 });
});
afterAll(async () => {
  await server.close();
  rmSync(dist, { recursive: true, force: true });
});

/** A raw HTTP exchange, for answers the server writes straight to the socket. */
function rawHttp(request: string): Promise<string> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = tcpConnect(Number(url.port), url.hostname, () => socket.end(request));
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk;
    });
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

function expectSecurityHeaders(headers: Headers | Record<string, string>, what: string) {
  const get = (name: string) => (headers instanceof Headers ? headers.get(name) : headers[name.toLowerCase()]);
  expect(get('content-security-policy'), what).toBe(CONTENT_SECURITY_POLICY);
  expect(get('x-content-type-options'), what).toBe('nosniff');
  expect(get('referrer-policy'), what).toBe('no-referrer');
  expect(get('x-frame-options'), what).toBe('DENY');
}

it('has a CSP without inline scripts that forbids framing', () => {
  const directives = Object.fromEntries(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d]));
  expect(directives['script-src']).toBe("script-src 'self'");
  expect(directives['frame-ancestors']).toBe("frame-ancestors 'none'");
  expect(directives['object-src']).toBe("object-src 'none'");
});

it('sends them on every kind of answer', async () => {
  const map = await createMap(server.url, {});
  const bearer = { Authorization: `Bearer ${map.tokens.view}` };
  const json = { 'Content-Type': 'application/json' };
  const requests: [string, RequestInit, number][] = [
    ['/', {}, 200],
    [`/m/${map.id}`, {}, 200], // the SPA fallback
    ['/assets/main-1.js', {}, 200],
    ['/nothing-here', {}, 404],
    ['/', { method: 'POST' }, 405],
    ['/healthz', {}, 200],
    [`/api/maps/${map.id}`, { headers: bearer }, 200],
    [`/api/maps/${map.id}`, { method: 'HEAD', headers: bearer }, 200],
    [`/api/maps/${map.id}`, {}, 401],
    [`/api/maps/${map.id}`, { headers: { Authorization: 'Bearer wrong' } }, 404],
    ['/api/nothing', {}, 404],
    ['/api/maps', {}, 405],
    ['/api/maps', { method: 'POST', body: '{', headers: json }, 400],
    ['/api/maps', { method: 'POST', body: JSON.stringify({ title: 'x'.repeat(2000) }), headers: json }, 413],
    ['/api/maps', { method: 'POST', body: '{}', headers: json }, 201],
    ['/api/maps', { method: 'POST', body: '{}' }, 415], // text/plain: what another site's page may send
    ['/api/maps/BROKEN', { headers: bearer }, 500],
  ];
  for (const [path, init, status] of requests) {
    const res = await fetch(`${server.url}${path}`, init);
    const what = `${init.method ?? 'GET'} ${path}`;
    expect(res.status, what).toBe(status);
    expectSecurityHeaders(res.headers, what);
    if (path.startsWith('/api/')) expect(res.headers.get('cache-control'), what).toBe('no-store');
  }
});

it('sends them on answers written straight to the socket: a refused upgrade, a malformed request', async () => {
  for (const request of ['GET /elsewhere HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n', 'NONSENSE\r\n\r\n']) {
    const answer = await rawHttp(request);
    const [statusLine, ...lines] = answer.split('\r\n\r\n')[0].split('\r\n');
    expect(statusLine).toMatch(/^HTTP\/1\.1 (404|400) /);
    const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
    expectSecurityHeaders(headers, statusLine);
  }
});
