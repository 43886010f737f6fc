import { rmSync, utimesSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { compressDist } from '../../scripts/compress-dist';
import { CONTENT_SECURITY_POLICY } from '../../server/http/headers';
import { fakeDist, startTestServer, type TestServer } from './helpers';

/** A GET with the headers given, the body as sent (node:http does not decompress, unlike fetch). */
function get(url: string, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    // A connection per request (agent: false): each answer is read on its own.
    request(`${url}${path}`, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    })
      .on('error', reject)
      .end();
  });
}

// Text that compresses, like a bundle, large enough to be worth compressing.
const BUNDLE = Array.from({ length: 2000 }, (_, i) => `export const value${i} = ${i} * 2; // a line of the bundle\n`).join('');
const INDEX = `<!doctype html><title>Stallmap</title><script type="module" src="/assets/main-9c1e.js"></script>${' '.repeat(2000)}`;

let dist = '';
let server: TestServer;
beforeAll(async () => {
  dist = fakeDist({ 'index.html': INDEX, 'assets/main-9c1e.js': BUNDLE, 'favicon.svg': '<svg/>' });
  await compressDist(dist, { brotliQuality: 5 });
  server = await startTestServer({ distDir: dist });
});
afterAll(async () => {
  await server.close();
  rmSync(dist, { recursive: true, force: true });
});

it('sends the bundle brotli- or gzip-compressed when asked, as it is when not', async () => {
  const br = await get(server.url, '/assets/main-9c1e.js', { 'Accept-Encoding': 'gzip, deflate, br' });
  expect(br.status).toBe(200);
  expect(br.headers['content-encoding']).toBe('br');
  expect(brotliDecompressSync(br.body).toString()).toBe(BUNDLE);
  expect(br.body.byteLength).toBeLessThan(BUNDLE.length / 4);
  expect(br.headers['content-type']).toContain('text/javascript');
  expect(br.headers.vary).toBe('Accept-Encoding');
  expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  expect(br.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);

  const gz = await get(server.url, '/assets/main-9c1e.js', { 'Accept-Encoding': 'gzip' });
  expect(gz.headers['content-encoding']).toBe('gzip');
  expect(gunzipSync(gz.body).toString()).toBe(BUNDLE);

  const plain = await get(server.url, '/assets/main-9c1e.js');
  expect(plain.headers['content-encoding']).toBeUndefined();
  expect(plain.body.toString()).toBe(BUNDLE);
});

it('answers 304 to a matching ETag, for the bundle and for the page of every app route', async () => {
  for (const [path, encoding] of [
    ['/assets/main-9c1e.js', 'br'],
    ['/assets/main-9c1e.js', 'identity'],
    ['/', 'gzip'],
    ['/m/abc123', 'br'],
  ]) {
    const first = await get(server.url, path, { 'Accept-Encoding': encoding });
    expect(first.status, path).toBe(200);
    const etag = first.headers.etag as string;
    expect(etag, path).toMatch(/^W\/".+"$/);
    const again = await get(server.url, path, { 'Accept-Encoding': encoding, 'If-None-Match': etag });
    expect(again.status, path).toBe(304);
    expect(again.body.byteLength, path).toBe(0);
    expect(again.headers['content-security-policy'], path).toBe(CONTENT_SECURITY_POLICY);
    expect(again.headers['cache-control'], path).toBe(path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    const stale = await get(server.url, path, { 'Accept-Encoding': encoding, 'If-None-Match': 'W/"0-0"' });
    expect(stale.status, path).toBe(200);
  }
});

it('answers HEAD like GET, without the body', async () => {
  const head = await get(server.url, '/assets/main-9c1e.js', { 'Accept-Encoding': 'br' }, 'HEAD');
  expect(head.status).toBe(200);
  expect(head.headers['content-encoding']).toBe('br');
  expect(head.body.byteLength).toBe(0);
});

it('serves a new build without a restart', async () => {
  const before = await get(server.url, '/');
  const rebuilt = INDEX.replace('<title>Stallmap</title>', '<title>Stallmap</title><!-- rebuilt -->');
  writeFileSync(join(dist, 'index.html'), rebuilt);
  rmSync(join(dist, 'index.html.br'), { force: true });
  rmSync(join(dist, 'index.html.gz'), { force: true });
  writeFileSync(join(dist, 'assets/next-77aa.js'), 'console.log("next")');
  // A build a second later than the first, whatever the file system's time resolution.
  const later = new Date(Date.now() + 1000);
  utimesSync(join(dist, 'index.html'), later, later);
  const after = await get(server.url, '/', { 'If-None-Match': before.headers.etag as string });
  expect(after.status).toBe(200);
  expect(after.body.toString()).toContain('<!-- rebuilt -->');
  expect((await get(server.url, '/assets/next-77aa.js')).status).toBe(200);
});
