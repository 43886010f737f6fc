import { afterAll, beforeAll, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { generateMap } from '../../bench/generate-map';
import { readMap, stepsOf, writeMap } from '../../src/collab/doc';
import { DEFAULT_SEND_LIMITS, SendPacer, type SendProgress } from '../../src/collab/send-pacer';
import { connect, createMap, startTestServer, synced, type TestServer, waitFor } from './helpers';

/**
 * A change larger than the server's message limit (an import of 5,000 steps into an open map of
 * 3,000, 1.3 MB of Yjs update) sent by the stock provider through the page's SendPacer: in parts,
 * under the byte rate. The server runs with its default limits (1 MiB a message, 256 KiB a second).
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const progress: SendProgress[] = [];

/** `ws`'s WebSocket with its sends paced as the page's are (src/collab/paced-socket.ts does this for the browser's). */
class PacedWs extends WebSocket {
  private readonly pacer = new SendPacer(
    (message) => super.send(message),
    () => DEFAULT_SEND_LIMITS,
    (p) => p && progress.push(p),
  );
  override send(data: Uint8Array): void {
    this.pacer.send(data);
  }
}

it('replaces a map with one over the message limit: nobody is disconnected, and a colleague gets it whole, never half', async () => {
  const created = await createMap(server.url, generateMap(3000, 1));
  const { doc, provider } = connect(server.syncUrl, created.id, created.tokens.edit);
  const paced = new WebsocketProvider(server.syncUrl, created.id, new Y.Doc(), {
    WebSocketPolyfill: PacedWs as unknown as typeof globalThis.WebSocket,
    params: { token: created.tokens.edit },
    disableBc: true,
  });
  const closes: number[] = [];
  for (const p of [provider, paced]) p.on('connection-close', (event) => closes.push(event?.code ?? 0));
  await Promise.all([synced(provider), synced(paced)]);
  expect(stepsOf(doc).size).toBe(3002);
  // Every size of the map the colleague sees after a change arrives: the import's alone, never a part of it.
  const seen = new Set<number>();
  doc.on('afterTransaction', () => seen.add(stepsOf(doc).size));

  const replacement = generateMap(5000, 2);
  let updateBytes = 0;
  paced.doc.once('update', (update: Uint8Array) => {
    updateBytes = update.byteLength;
  });
  writeMap(paced.doc, { ...replacement, id: created.id }, 'local');
  expect(updateBytes).toBeGreaterThan(DEFAULT_SEND_LIMITS.messageBytes);

  await waitFor(() => stepsOf(doc).size === replacement.steps.length, 30_000, 'the colleague to get the import');
  expect(readMap(doc).map).toEqual(readMap(paced.doc).map);
  expect([...seen]).toEqual([replacement.steps.length]);
  expect(closes).toEqual([]);
  // It went in parts, progress told, and the server refused nothing. Progress is told once a
  // sending turn (not a part): a machine so busy that its timers run late sends several parts a
  // turn, so only "more than once" holds on any machine (a CI run at load 16 told it 3 times).
  expect(progress.length).toBeGreaterThan(1);
  expect(progress.at(-1)?.total).toBeGreaterThan(updateBytes);
  expect(server.logs.filter((line) => /conn\.(close|rate-limited|malformed)|sync\.map-too-large/.test(line))).toEqual([]);
  provider.destroy();
  paced.destroy();
});
