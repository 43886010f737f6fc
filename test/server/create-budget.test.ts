import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerOptions } from '../../server/app';
import { mapBytes } from '../../server/maps/create';
import { parseMap } from '../../src/core/model';
import { getMap, startTestServer, type TestServer } from './helpers';

/**
 * Creating a map is the one thing anyone may do without a link, so it has a budget: how many an
 * hour from one address and overall (429), bytes an hour and a floor of free disk (507); it is
 * refused to other sites' pages (415, 403); and a private server can ask for a create token (401).
 */
const fixture = readFileSync('test/fixtures/contract-review.json', 'utf8');
const parsed = parseMap(JSON.parse(fixture));
/** What the fixture costs the budget (its size as the server stores it, in JSON). */
const fixtureBytes = parsed.ok ? mapBytes(parsed.map) : Number.NaN;

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(options: ServerOptions): Promise<TestServer> {
  server = await startTestServer(options);
  return server;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: { error?: string; code?: string; retryAfter?: number; id?: string; links?: Record<string, string> };
}

/** POST /api/maps from `localAddress` (any 127.x is loopback on Linux), as JSON unless told otherwise. */
function post(body: string, headers: Record<string, string> = {}, localAddress = '127.0.0.1'): Promise<Answer> {
  const { port } = new URL(server?.url ?? '');
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: Number(port), path: '/api/maps', method: 'POST', localAddress, agent: false, headers: { 'Content-Type': 'application/json', ...headers } },
      (res) => {
        let text = '';
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('how many maps', () => {
  it('answers 429 with Retry-After past an address\'s maps per hour; another address carries on; refused bodies cost nothing', async () => {
    await start({ addressMapsPerHour: 3 });
    for (let i = 0; i < 5; i += 1) expect((await post('{"title": ')).status).toBe(400);
    for (let i = 0; i < 3; i += 1) expect((await post('{}')).status).toBe(201);
    const over = await post('{}');
    expect(over.status).toBe(429);
    expect(over.body).toMatchObject({ code: 'rate-limited', error: expect.stringContaining('your address') });
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    expect(over.body.retryAfter).toBe(Number(over.headers['retry-after']));
    expect((await post('{}', {}, '127.0.0.2')).status).toBe(201);
  });

  it("answers 429 past the server's maps per hour, whatever the address", async () => {
    await start({ mapsPerHour: 2 });
    expect((await post('{}', {}, '127.0.0.2')).status).toBe(201);
    expect((await post('{}', {}, '127.0.0.3')).status).toBe(201);
    const over = await post('{}', {}, '127.0.0.4');
    expect([over.status, over.body.code]).toEqual([429, 'rate-limited']);
    expect(over.body.error).toContain('on this server');
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('the disk', () => {
  it("answers 507 once the hour's bytes of new maps are spent", async () => {
    // Two fixtures and a bit: not a third.
    await start({ newMapBytesPerHour: 2 * fixtureBytes + 500 });
    expect((await post(fixture)).status).toBe(201);
    expect((await post(fixture)).status).toBe(201);
    const over = await post(fixture);
    expect([over.status, over.body.code]).toEqual([507, 'disk-budget']);
    expect(over.body.error).toContain('budget for new maps');
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    // An empty map is small enough for what is left.
    expect((await post('{}')).status).toBe(201);
  });

  it('answers 507 while the disk has less free than the floor', async () => {
    await start({ minFreeDiskBytes: Number.MAX_SAFE_INTEGER });
    const over = await post('{}');
    expect([over.status, over.body.code]).toEqual([507, 'disk-full']);
    expect(over.body.error).toContain('nearly full');
  });
});

describe('another site', () => {
  it('cannot make its visitors create maps: text/plain and no type are 415, a foreign Origin 403', async () => {
    await start({ allowedOrigins: ['https://maps.example.org'] });
    const plain = await post('{}', { 'Content-Type': 'text/plain' });
    expect([plain.status, plain.body.code]).toEqual([415, 'json-only']);
    const form = await post('{}', { 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(415);
    const foreign = await post('{}', { Origin: 'https://evil.example' });
    expect([foreign.status, foreign.body.code]).toEqual([403, 'cross-site']);
    expect((await post('{}', { Origin: 'null' })).status).toBe(403);
    // The server's own page (Origin is its Host), an allowed origin, and a client that is not a browser (no Origin).
    expect((await post('{}', { Origin: server?.url ?? '' })).status).toBe(201);
    expect((await post('{}', { Origin: 'https://maps.example.org' })).status).toBe(201);
    expect((await post('{}', { 'Content-Type': 'application/json; charset=utf-8' })).status).toBe(201);
  });
});

describe('a create token (a private server)', () => {
  it('is required when set: 401 with a code the page knows, then 201 with it', async () => {
    await start({ createToken: 'open-sesame' });
    const none = await post('{}');
    expect([none.status, none.body.code]).toEqual([401, 'create-token-required']);
    const wrong = await post('{}', { Authorization: 'Bearer open-barley' });
    expect([wrong.status, wrong.body.code]).toEqual([401, 'create-token-required']);
    expect(wrong.body.error).toContain('wrong');
    const created = await post('{}', { Authorization: 'Bearer open-sesame' });
    expect(created.status).toBe(201);
    // The map's own links work as ever: the create token is for creating only.
    const token = new URL(created.body.links?.edit ?? '').hash.replace('#token=', '');
    expect((await getMap(server?.url ?? '', created.body.id ?? '', token)).status).toBe(200);
    expect(server?.logs.join('\n')).not.toContain('open-sesame');
  });
});
