import { connect as tcpConnect } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateMap } from '../../bench/generate-map';
import { parseMap } from '../../src/core/model';
import { mapFileJson } from '../../src/core/model/map-file';
import { defaultSettings } from '../../server/settings';
import { getMap, startTestServer, type TestServer, waitFor } from './helpers';

/**
 * A map the page exports must import again on the same server: the body limit
 * (STALLMAP_MAX_BODY_BYTES) is sized to the largest map the server holds; it was 1 MiB, which a map
 * of about 4,000 steps passes. The server runs with its default limits.
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const sorted = (items: { id: string }[]) => [...items].sort(byId);

it('imports a map file over 1 MiB (4,000 steps, as the page exports it) and reads it back equal', async () => {
  const file = mapFileJson(generateMap(4000));
  expect(Buffer.byteLength(file)).toBeGreaterThan(1024 * 1024);
  const res = await fetch(`${server.url}/api/maps`, { method: 'POST', body: file, headers: { 'Content-Type': 'application/json' } });
  expect(res.status).toBe(201);
  const created = (await res.json()) as { id: string; links: { edit: string } };
  const token = new URL(created.links.edit).hash.replace('#token=', '');
  const { status, body } = await getMap(server.url, created.id, token);
  expect(status).toBe(200);
  const expected = parseMap(JSON.parse(file));
  if (!expected.ok) throw new Error('the generated map is not valid');
  const map = { ...expected.map, id: created.id };
  expect({ ...body, steps: sorted(body.steps), joins: sorted(body.joins as { id: string }[]) }).toEqual({ ...map, steps: sorted(map.steps), joins: sorted(map.joins) });
});

it('answers a map file over the map limit 413, in words naming the limit, without reading it', async () => {
  // Announced one byte over the limit: the server answers from Content-Length and hangs up.
  const socket = tcpConnect({ port: Number(new URL(server.url).port), host: '127.0.0.1' });
  let answer = '';
  socket.on('data', (chunk) => {
    answer += chunk;
  });
  socket.on('error', () => undefined);
  socket.write(`POST /api/maps HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${defaultSettings.maxBodyBytes + 1}\r\n\r\n{"title":"`);
  await waitFor(() => socket.destroyed, 5000, 'the server to answer and close');
  expect(answer).toMatch(/^HTTP\/1\.1 413 /);
  const json = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
  expect(json.error).toBe('the map file is too large to import: this server takes files of at most 32 MiB');
  expect(server.logs.some((line) => line.includes('http.limit') && line.includes('limit=bytes'))).toBe(true);
});
