import { afterEach, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { parseTrustedProxies } from '../../server/sync/trusted-proxy';
import { closedWith, createMap, startTestServer, type TestServer } from './helpers';

/**
 * STALLMAP_TRUSTED_PROXIES: behind a load balancer every client has the balancer's address, so
 * the per-address connection limit counts the client named by X-Forwarded-For, but only on a
 * connection from a trusted proxy; from anyone else the header is ignored (or a client could
 * pick a new address for every connection).
 */
let server: TestServer | undefined;
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  await server?.close();
  server = undefined;
});

/** A bare socket with the given X-Forwarded-For: 'open' if let in (and kept), else how it was closed. */
function attempt(syncUrl: string, path: string, forwardedFor: string): Promise<{ code: number; reason: string } | 'open'> {
  const ws = new WebSocket(`${syncUrl}/${path}`, { headers: { 'X-Forwarded-For': forwardedFor } });
  sockets.push(ws);
  return Promise.race([closedWith(ws), new Promise<'open'>((resolve) => ws.once('open', () => setTimeout(() => resolve('open'), 300)))]);
}

it('counts the forwarded client from a trusted proxy, and the last address of the header only', async () => {
  server = await startTestServer({ maxAddressConnections: 1, trustedProxies: '127.0.0.1, ::1' });
  const map = await createMap(server.url, {});
  const path = `${map.id}?token=${map.tokens.view}`;
  expect(await attempt(server.syncUrl, path, '10.0.0.1')).toBe('open');
  expect(await attempt(server.syncUrl, path, '10.0.0.2')).toBe('open');
  // A client cannot escape its count by writing an address of its own in front: the proxy appends the real one.
  expect(await attempt(server.syncUrl, path, '10.9.9.9, 10.0.0.1')).toMatchObject({ code: 4502 });
});

it('ignores X-Forwarded-For from an address that is not a trusted proxy', async () => {
  server = await startTestServer({ maxAddressConnections: 1, trustedProxies: '192.0.2.0/24' });
  const map = await createMap(server.url, {});
  const path = `${map.id}?token=${map.tokens.view}`;
  expect(await attempt(server.syncUrl, path, '10.0.0.1')).toBe('open');
  expect(await attempt(server.syncUrl, path, '10.0.0.2')).toMatchObject({ code: 4502 });
});

it('gives each forwarded client its own allowance of new maps', async () => {
  server = await startTestServer({ addressMapsPerHour: 1, trustedProxies: '127.0.0.0/8,::1' });
  const create = (forwardedFor: string) =>
    fetch(`${server?.url}/api/maps`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': forwardedFor }, body: '{}' }).then((res) => res.status);
  expect(await create('10.0.0.1')).toBe(201);
  expect(await create('10.0.0.2')).toBe(201);
  expect(await create('10.0.0.1')).toBe(429);
});

it('refuses a setting that is not an address or a range', () => {
  expect(parseTrustedProxies('')).toBeUndefined();
  expect(parseTrustedProxies('10.0.0.0/8, ::1, 192.168.1.7')?.check('10.1.2.3')).toBe(true);
  for (const wrong of ['10.0.0.0/33', 'proxy.local', '10.0.0.1/8/2', '::1/129', '10.0.0.0/x']) expect(() => parseTrustedProxies(wrong), wrong).toThrow(/STALLMAP_TRUSTED_PROXIES/);
});
