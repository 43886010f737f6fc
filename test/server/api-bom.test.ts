import { readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeDist, getMap, startTestServer, type TestServer } from './helpers';

/**
 * docs/format.md: "a byte-order mark at the start of the file is allowed". The CLI and the page
 * read such files (parseMapJson); `curl --data @my-map.json` of a file Notepad saved must work too.
 */

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const fixture = readFileSync('test/fixtures/contract-review.json');

let dist = '';
let server: TestServer;
beforeAll(async () => {
  dist = fakeDist();
  server = await startTestServer({ distDir: dist });
});
afterAll(async () => {
  await server.close();
  rmSync(dist, { recursive: true, force: true });
});

const post = (body: Buffer) => fetch(`${server.url}/api/maps`, { method: 'POST', body: new Uint8Array(body), headers: { 'Content-Type': 'application/json' } });

describe('POST /api/maps with a UTF-8 byte-order mark', () => {
  it('imports the map the file holds', async () => {
    const res = await post(Buffer.concat([BOM, fixture]));
    expect(res.status).toBe(201);
    const { id, links } = (await res.json()) as { id: string; links: { view: string } };
    const { status, body } = await getMap(server.url, id, new URL(links.view).hash.replace('#token=', ''));
    expect(status).toBe(200);
    expect(body.title).toBe(JSON.parse(fixture.toString('utf8')).title);
  });

  it('starts an empty map from {}', async () => {
    expect((await post(Buffer.concat([BOM, Buffer.from('{}')]))).status).toBe(201);
  });

  it('still refuses a mark anywhere else, as JSON does', async () => {
    const res = await post(Buffer.concat([Buffer.from(' '), BOM, Buffer.from('{}')]));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/^invalid JSON/);
  });
});
