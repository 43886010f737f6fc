import { afterEach, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers';

/**
 * `X-Forwarded-Proto: https` makes the links https, as a TLS-terminating proxy needs; but only
 * from a proxy in STALLMAP_TRUSTED_PROXIES, as X-Forwarded-For: from anyone else a client could
 * have the server hand out links to an address that does not answer.
 */
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const https = { 'X-Forwarded-Proto': 'https' };

async function linksAndRole(url: string) {
  const res = await fetch(`${url}/api/maps`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...https }, body: '{}' });
  const created = (await res.json()) as { id: string; links: { edit: string } };
  const token = new URL(created.links.edit).hash.replace('#token=', '');
  const headers = { Authorization: `Bearer ${token}`, ...https };
  const role = (await (await fetch(`${url}/api/maps/${created.id}/role`, { headers })).json()) as { linkOrigin: string };
  const links = (await (await fetch(`${url}/api/maps/${created.id}/links`, { headers })).json()) as { links: { view: string } };
  return [created.links.edit, role.linkOrigin, links.links.view].map((link) => new URL(link).protocol);
}

it('ignores X-Forwarded-Proto from a client that is not a trusted proxy', async () => {
  server = await startTestServer({ host: '127.0.0.1', trustedProxies: '192.0.2.0/24' });
  expect(await linksAndRole(server.url)).toEqual(['http:', 'http:', 'http:']);
});

it('links as https behind a trusted proxy that says so', async () => {
  server = await startTestServer({ host: '127.0.0.1', trustedProxies: '127.0.0.1,::1' });
  expect(await linksAndRole(server.url)).toEqual(['https:', 'https:', 'https:']);
});
