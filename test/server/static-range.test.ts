import { rmSync } from 'node:fs';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeDist, startTestServer, type TestServer } from './helpers';

/**
 * Range requests on the app's files (server/http/static.ts). sirv answers them, but wrote its 206
 * headers before Node refused some ranges, so those got an empty reply and an error in the log.
 */

const SCRIPT = 'console.log("0123456789")';

/** A GET with a Range header; an empty reply (the socket torn down) rejects. */
function getRange(url: string, path: string, range: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { headers: { Range: range } }, (res) => {
      let body = '';
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

let dist = '';
let server: TestServer;
beforeAll(async () => {
  dist = fakeDist({ 'assets/main-3f2a1b.js': SCRIPT });
  server = await startTestServer({ distDir: dist });
});
afterAll(async () => {
  await server.close();
  rmSync(dist, { recursive: true, force: true });
});

/** Lines logged at error level (`<time> error <event> …`). */
const errorsLogged = () => server.logs.filter((line) => line.split(' ')[1] === 'error');

describe('a Range request for a static file', () => {
  it('that ends before it starts is answered 416 with the file size, as one past the end is, and logs no error', async () => {
    for (const path of ['/', '/assets/main-3f2a1b.js']) {
      const pastTheEnd = await getRange(server.url, path, 'bytes=999999-');
      expect(pastTheEnd.status).toBe(416);
      for (const range of ['bytes=5-2', 'bytes=5-2,7-9', ' 5-2']) {
        const res = await getRange(server.url, path, range);
        expect(res.status, range).toBe(416);
        expect(res.headers['content-range'], range).toBe(pastTheEnd.headers['content-range']);
      }
    }
    expect(errorsLogged()).toEqual([]);
  });

  it('that ends past 2^53 is the rest of the file', async () => {
    const res = await getRange(server.url, '/assets/main-3f2a1b.js', 'bytes=2-99999999999999999999');
    expect(res.status).toBe(206);
    expect(res.body).toBe(SCRIPT.slice(2));
    expect(res.headers['content-range']).toBe(`bytes 2-${SCRIPT.length - 1}/${SCRIPT.length}`);
    expect(errorsLogged()).toEqual([]);
  });

  it('that is valid still gets its bytes', async () => {
    const res = await getRange(server.url, '/assets/main-3f2a1b.js', 'bytes=1-3');
    expect(res.status).toBe(206);
    expect(res.body).toBe(SCRIPT.slice(1, 4));
  });

  it('for a file that does not exist is still 404', async () => {
    expect((await getRange(server.url, '/assets/nothing.js', 'bytes=5-2')).status).toBe(404);
  });
});
