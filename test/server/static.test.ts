import { rmSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../server/http/headers';
import { fakeDist, startTestServer, type TestServer } from './helpers';

/** A raw GET, so paths like `/../x` reach the server as written (fetch would normalise them). */
function rawGet(url: string, path: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/`, { path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

let dist = '';
let server: TestServer;
beforeAll(async () => {
  dist = fakeDist({ 'assets/main-3f2a1b.js': 'console.log(1)', 'favicon.svg': '<svg/>' });
  server = await startTestServer({ distDir: dist });
});
afterAll(async () => {
  await server.close();
  rmSync(dist, { recursive: true, force: true });
});

describe('the app from dist/', () => {
  it('serves index.html for the app routes, never cached, with the security headers', async () => {
    for (const path of ['/', '/m/abcDEF123_-', '/m/abcDEF123_-/']) {
      const res = await rawGet(server.url, path);
      expect(res.status).toBe(200);
      expect(res.body).toContain('<title>Stallmap</title>');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
    }
  });

  it('caches hashed assets for good and types them', async () => {
    const res = await rawGet(server.url, '/assets/main-3f2a1b.js');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toContain('immutable');
    expect(res.headers['content-type']).toContain('text/javascript');
    expect((await rawGet(server.url, '/favicon.svg')).headers['content-type']).toBe('image/svg+xml');
  });

  it('never serves a file outside dist/', async () => {
    for (const path of ['/../package.json', '/assets/../../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/assets/%2e%2e%2f%2e%2e%2fpackage.json', '/%00']) {
      const res = await rawGet(server.url, path);
      expect([400, 404]).toContain(res.status);
      expect(res.body).not.toContain('"name": "stallmap"');
    }
  });

  it('has security headers on 404s and API answers too', async () => {
    for (const path of ['/nothing-here', '/healthz', '/api/nope']) {
      const res = await rawGet(server.url, path);
      expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    }
  });
});

it('says to build the app when dist/ is missing', async () => {
  const bare = await startTestServer({ distDir: join(dist, 'not-built') });
  try {
    const res = await rawGet(bare.url, '/m/abc');
    expect(res.status).toBe(503);
    expect(res.body).toContain('npm run build');
  } finally {
    await bare.close();
  }
});
