import { readFileSync } from 'node:fs';
import { WebSocket } from 'ws';
import { type CreatedMap, waitFor } from './helpers';

/** y-websocket's sync step 1 with an empty state vector: 4 bytes that ask for the whole map. */
export const WHOLE_MAP_PLEASE = new Uint8Array([0, 0, 1, 0]);

/**
 * One hostile client of the amplification attack (test/server/amplification.test.ts, and its
 * longer run in bench/amplification.bench.ts): a raw socket with the map's view link asking for
 * the whole map `perSecond` times a second, reading every answer or none (a paused socket), and
 * opening a new socket at once whenever the server closes one, until `stopped()`. `closed` counts
 * the sockets the server closed (a paused socket learns of it only when the server drops it).
 */
export function wholeMapFlood(syncUrl: string, map: CreatedMap, { reads, perSecond, stopped }: { reads: boolean; perSecond: number; stopped: () => boolean }) {
  const stats = { sockets: 0, closed: 0, bytesRead: 0 };
  let ending = false;
  const sockets = new Set<WebSocket>();
  const once = () =>
    new Promise<void>((resolve) => {
      const ws = new WebSocket(`${syncUrl}/${map.id}?token=${map.tokens.view}`);
      sockets.add(ws);
      stats.sockets += 1;
      let flood: NodeJS.Timeout | undefined;
      ws.on('error', () => undefined);
      ws.on('message', (data: Buffer) => {
        stats.bytesRead += data.byteLength;
      });
      ws.once('open', () => {
        if (!reads) ws.pause();
        flood = setInterval(() => {
          for (let i = 0; i < perSecond / 20 && ws.readyState === ws.OPEN; i += 1) ws.send(WHOLE_MAP_PLEASE);
        }, 50);
      });
      ws.once('close', () => {
        clearInterval(flood);
        sockets.delete(ws);
        if (!ending) stats.closed += 1;
        resolve();
      });
    });
  const done = (async () => {
    while (!stopped() && !ending) await once();
  })();
  return {
    reads,
    stats,
    /** Waits (up to `graceMs`) for the server to close the socket still open, then closes it. */
    async stop(graceMs = 0) {
      if (graceMs > 0) await waitFor(() => sockets.size === 0, graceMs).catch(() => undefined);
      ending = true;
      for (const ws of sockets) ws.terminate();
      await done;
    },
  };
}

/** A process's resident memory, from /proc (Linux). */
export const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;
