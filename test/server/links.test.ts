import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { lanAddresses } from '../../server/lan-addresses';
import { openAddresses } from '../../server/public-url';
import { settingsFromEnv } from '../../server/settings';
import { startTestServer, type TestServer } from './helpers';

/** POST /api/maps with a chosen Host header (what the browser's address bar said), as the page sends it. */
function createWithHost(server: TestServer, host: string): Promise<{ status: number; links: Record<string, string> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.server.port, path: '/api/maps', method: 'POST', headers: { Host: host, 'Content-Type': 'application/json' } },
      (res) => {
        let body = '';
        res.on('data', (chunk) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, links: JSON.parse(body).links }));
      },
    );
    req.on('error', reject);
    req.end('{}');
  });
}

const servers: TestServer[] = [];
const start = async (options: Parameters<typeof startTestServer>[0]) => {
  const server = await startTestServer(options);
  servers.push(server);
  return server;
};
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('the address in the links the server hands out', () => {
  it('is PUBLIC_URL when set, whatever address the browser used', async () => {
    const server = await start({ publicUrl: 'https://maps.example.org' });
    const created = await createWithHost(server, `localhost:${server.server.port}`);
    expect(created.status).toBe(201);
    for (const link of Object.values(created.links)) expect(link).toMatch(/^https:\/\/maps\.example\.org\/m\/[A-Za-z0-9_-]+#token=/);
  });

  it('is the address the browser used, when that is one the room can open', async () => {
    const server = await start({});
    const created = await createWithHost(server, 'room.test:8080');
    expect(new URL(created.links.edit).origin).toBe('http://room.test:8080');
  });

  it('is this machine’s LAN address for a browser on localhost, when the server listens on the network', async () => {
    const server = await start({});
    const created = await createWithHost(server, `localhost:${server.server.port}`);
    const lan = lanAddresses()[0];
    expect(new URL(created.links.edit).origin).toBe(lan ? `http://${lan}:${server.server.port}` : `http://localhost:${server.server.port}`);
    // Listening on loopback only, a LAN address would open nothing: the browser's address stays.
    const local = await start({ host: '127.0.0.1' });
    expect(new URL((await createWithHost(local, `localhost:${local.server.port}`)).links.edit).origin).toBe(`http://localhost:${local.server.port}`);
  });
});

describe('PUBLIC_URL and the start-up addresses', () => {
  it('takes an origin, and stops the server at start on anything else', () => {
    expect(settingsFromEnv({ PUBLIC_URL: 'http://192.168.1.20:8080/' }).publicUrl).toBe('http://192.168.1.20:8080');
    expect(settingsFromEnv({ PUBLIC_URL: 'https://maps.example.org' }).publicUrl).toBe('https://maps.example.org');
    for (const bad of ['maps.example.org', 'ftp://maps.example.org', 'https://maps.example.org/stallmap', 'https://u:p@maps.example.org', 'http://x/?a=1']) {
      expect(() => settingsFromEnv({ PUBLIC_URL: bad }), bad).toThrow(/PUBLIC_URL/);
    }
  });

  it('lists what people can open: PUBLIC_URL, else the LAN addresses and localhost, else the one host', () => {
    expect(openAddresses({ publicUrl: 'https://maps.example.org', host: '' }, 8080)).toEqual(['https://maps.example.org']);
    expect(openAddresses({ publicUrl: '', host: '' }, 8080)).toEqual([...lanAddresses().map((a) => `http://${a}:8080`), 'http://localhost:8080']);
    expect(openAddresses({ publicUrl: '', host: '127.0.0.1' }, 8080)).toEqual(['http://127.0.0.1:8080']);
  });

  it('prefers a private LAN address to a container bridge or a public one', () => {
    const entry = (address: string) => ({ address, netmask: '255.255.255.0', family: 'IPv4' as const, mac: '00:00:00:00:00:00', internal: false, cidr: `${address}/24` });
    const found = lanAddresses({ docker0: [entry('172.17.0.1')], eth1: [entry('203.0.113.9')], wlan0: [entry('192.168.1.20')], lo: [{ ...entry('127.0.0.1'), internal: true }] });
    expect(found).toEqual(['192.168.1.20', '172.17.0.1', '203.0.113.9']);
  });
});
