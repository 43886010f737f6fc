import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { itemFromFields, stepsOf } from '../../src/collab/doc';
import { CONTENT_SECURITY_POLICY } from '../../server/http/headers';
import { type CreatedMap, closedWith, connect, createMap, rawSocket, refused, startTestServer, synced, type TestServer, waitFor } from './helpers';
import { type Family, parsePrometheusText, sampleValue } from './prometheus-text';

/** /metrics and /readyz of the real server, under a small load from stock y-websocket clients. */
let server: TestServer;
let map: CreatedMap;
const providers: WebsocketProvider[] = [];

beforeAll(async () => {
  server = await startTestServer();
  map = await createMap(server.url, {});
});
afterAll(async () => {
  for (const provider of providers.splice(0)) provider.destroy();
  await server.close();
});

async function scrape(): Promise<Map<string, Family>> {
  const res = await fetch(`${server.url}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  return parsePrometheusText(await res.text());
}

const value = (families: Map<string, Family>, name: string, labels: Record<string, string> = {}) => sampleValue(families, name, labels) ?? 0;

function open(token: string) {
  const client = connect(server.syncUrl, map.id, token, new Y.Doc());
  providers.push(client.provider);
  return client;
}

describe('/metrics', () => {
  it('is the Prometheus text format, every line of it, with the families an operator needs', async () => {
    const families = await scrape();
    const expected: Record<string, string> = {
      stallmap_connections: 'gauge',
      stallmap_rooms_loaded: 'gauge',
      stallmap_writes_total: 'counter',
      stallmap_write_errors_total: 'counter',
      stallmap_write_duration_seconds: 'histogram',
      stallmap_sync_closes_total: 'counter',
      stallmap_sync_queued_bytes: 'gauge',
      stallmap_process_resident_memory_bytes: 'gauge',
      stallmap_nodejs_eventloop_lag_seconds: 'gauge',
    };
    for (const [name, type] of Object.entries(expected)) {
      expect(families.get(name)?.type, name).toBe(type);
      expect(families.get(name)?.help, name).toBeTruthy();
    }
  });

  it('moves with a small load: connections, rooms, writes and their latency, refusals by close code', async () => {
    const before = await scrape();
    const one = open(map.tokens.edit);
    const two = open(map.tokens.edit);
    await Promise.all([synced(one.provider), synced(two.provider)]);

    const during = await scrape();
    expect(value(during, 'stallmap_connections')).toBe(value(before, 'stallmap_connections') + 2);
    expect(value(during, 'stallmap_rooms_loaded')).toBeGreaterThanOrEqual(1);
    expect(value(during, 'stallmap_sync_queued_bytes')).toBeGreaterThanOrEqual(0);

    // Five edits, each waited for at the other client: each is its own write.
    for (let i = 0; i < 5; i++) {
      stepsOf(one.doc).set(`s${i}`, itemFromFields({ kind: 'human', label: `Step ${i}` }));
      await waitFor(() => stepsOf(two.doc).has(`s${i}`), 5000, `edit ${i} at the other client`);
    }
    const edited = await scrape();
    const writes = value(edited, 'stallmap_writes_total') - value(before, 'stallmap_writes_total');
    expect(writes).toBeGreaterThanOrEqual(5);
    expect(value(edited, 'stallmap_write_duration_seconds_count') - value(before, 'stallmap_write_duration_seconds_count')).toBe(writes);
    expect(value(edited, 'stallmap_write_duration_seconds_sum')).toBeGreaterThan(value(before, 'stallmap_write_duration_seconds_sum'));
    expect(value(edited, 'stallmap_write_errors_total')).toBe(0);

    // Refused: a wrong token (4403, final) and no token (4401).
    const wrong = open('not-the-token');
    const none = connect(server.syncUrl, map.id, undefined);
    providers.push(none.provider);
    expect((await refused(wrong.provider)).code).toBe(4403);
    expect((await refused(none.provider)).code).toBe(4401);
    // People leaving on their own are not refusals: the provider closes without a code, a page
    // being left says 1001 "going away" (which the server echoes, and must not count as its own 1001).
    one.provider.destroy();
    two.provider.destroy();
    const leaving = await rawSocket(server.syncUrl, `${map.id}?token=${map.tokens.edit}`);
    const left = closedWith(leaving);
    leaving.close(1001, 'page closed');
    expect((await left).code).toBe(1001);
    await waitFor(async () => value(await scrape(), 'stallmap_connections') === value(before, 'stallmap_connections'), 5000, 'the clients to be gone');

    const after = await scrape();
    const closes = (code: string) => value(after, 'stallmap_sync_closes_total', { code }) - value(before, 'stallmap_sync_closes_total', { code });
    expect(closes('4403')).toBe(1);
    expect(closes('4401')).toBe(1);
    const codes = after.get('stallmap_sync_closes_total')?.samples.map((sample) => sample.labels.code);
    expect(codes?.sort()).toEqual(['4401', '4403']);
  });

  it('needs the metrics token when one is set', async () => {
    const guarded = await startTestServer({ metricsToken: 'scrape-secret-1234' });
    try {
      expect((await fetch(`${guarded.url}/metrics`)).status).toBe(401);
      expect((await fetch(`${guarded.url}/metrics`, { headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
      const ok = await fetch(`${guarded.url}/metrics`, { headers: { Authorization: 'Bearer scrape-secret-1234' } });
      expect(ok.status).toBe(200);
      parsePrometheusText(await ok.text());
      // Readiness is not a secret: a load balancer asks without a token.
      expect((await fetch(`${guarded.url}/readyz`)).status).toBe(200);
    } finally {
      await guarded.close();
    }
  });
});

describe('/readyz', () => {
  it('is 200 while the server takes traffic, and only answers GET and HEAD', async () => {
    const res = await fetch(`${server.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ready: true });
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect((await fetch(`${server.url}/readyz`, { method: 'HEAD' })).status).toBe(200);
    const post = await fetch(`${server.url}/readyz`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('the test parser', () => {
  it('refuses what is not the text format', () => {
    const valid = '# HELP a_total A counter\n# TYPE a_total counter\na_total{code="1"} 3\n';
    expect(parsePrometheusText(valid).get('a_total')?.samples).toEqual([{ name: 'a_total', labels: { code: '1' }, value: 3 }]);
    for (const bad of [
      valid.slice(0, -1), // no final newline
      '# TYPE a counter\na{code=1} 3\n', // unquoted label value
      '# TYPE a counter\na{code="1"} three\n',
      'a 3\n', // no TYPE
      '# TYPE a gauge\na_bucket 3\n', // a suffix the type does not have
      '# TYPE a counter\n# TYPE a counter\n',
      '# TYPE a histogram\na_bucket{le="1"} 2\na_bucket{le="+Inf"} 1\na_count 1\n', // not cumulative
      '# TYPE a gauge\na{x="\\t"} 1\n', // an escape the format does not have
      '# TYPE a frequency\n',
    ]) {
      expect(() => parsePrometheusText(bad), bad).toThrow();
    }
  });
});
