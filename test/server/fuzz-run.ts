import { WebSocket } from 'ws';
import type * as Y from 'yjs';
import { createCommands } from '../../src/collab/commands';
import type { Frame } from './fuzz-frames';
import type { CreatedMap } from './helpers';
import { sleep } from './helpers';

/**
 * How the sync fuzz sends its garbage and keeps a good client writing beside it, on one server
 * (fuzz-sync.test.ts) or a pair on Redis (redis-fuzz.test.ts).
 */

/** What the server may answer garbage with; 1011 (its own error) or anything else is a bug. */
export const EXPECTED_CLOSES: ReadonlySet<number> = new Set([1003, 1009, 4413, 4529]);

/** Connection i's room and token: mostly the edit token on the map room; some on the review room, some with a view token. */
export const fuzzPath = (map: CreatedMap, i: number) =>
  i % 10 === 0 ? `${map.id}/review?token=${map.tokens.edit}` : i % 10 === 1 ? `${map.id}?token=${map.tokens.view}` : `${map.id}?token=${map.tokens.edit}`;

/** Opens a raw socket at `url`, sends its frames while the server lets it, and reports how many went out and how it was closed. */
export function sendFrames(url: string, frames: Frame[]): Promise<{ sent: number; code: number | undefined }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    let sent = 0;
    ws.on('error', () => undefined);
    ws.on('message', () => undefined);
    ws.on('close', (code) => resolve({ sent, code }));
    ws.on('open', async () => {
      for (const frame of frames) {
        if (ws.readyState !== ws.OPEN) break;
        ws.send(frame);
        sent += 1;
      }
      // Give the server a moment to answer the last frame, then hang up ourselves.
      await sleep(20);
      if (ws.readyState === ws.OPEN) ws.close(1000);
    });
  });
}

/** Tallies close codes other than a normal close, by code. */
export function closeTally() {
  const codes = new Map<number, number>();
  return {
    codes,
    add(code: number | undefined) {
      if (code !== undefined && code !== 1000 && code !== 1005) codes.set(code, (codes.get(code) ?? 0) + 1);
    },
    unexpected: () => [...codes.keys()].filter((code) => !EXPECTED_CLOSES.has(code)),
  };
}

/** A stock client that writes numbered steps (`name i`, owned by `name`, at x = i and y = `y`), each joined to its previous one. */
export function numberedWriter(doc: Y.Doc, name: string, y: number) {
  const commands = createCommands(doc);
  const written: string[] = [];
  return {
    written,
    write() {
      const id = commands.addStep('human', { x: written.length, y }, { label: `${name} ${written.length}`, owner: name })!;
      if (written.length > 0) commands.connect(written[written.length - 1], id);
      written.push(id);
    },
  };
}
