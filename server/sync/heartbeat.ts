import type { WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../log';

/**
 * Pings every client each interval; a client that has not answered the previous ping (a laptop
 * that slept, a dead wifi) is terminated, so its room does not keep a ghost and its presence.
 */
export function startHeartbeat(wss: WebSocketServer, intervalMs: number, log: Logger): { track(ws: WebSocket): void; stop(): void } {
  const answered = new WeakSet<WebSocket>();
  const timer = setInterval(() => {
    for (const ws of wss.clients) {
      if (!answered.has(ws)) {
        log.warn('conn.timeout', { after: `${intervalMs}ms` });
        ws.terminate();
        continue;
      }
      answered.delete(ws);
      ws.ping();
    }
  }, intervalMs);
  timer.unref();
  return {
    track(ws) {
      answered.add(ws);
      ws.on('pong', () => answered.add(ws));
      ws.on('message', () => answered.add(ws));
    },
    stop: () => clearInterval(timer),
  };
}
