import type { RawData, WebSocket } from 'ws';
import { errorText, type Logger } from '../log';
import type { Role } from '../maps/roles';
import { CLOSE_CODES } from './close-codes';
import type { Peer } from './fanout';
import { MalformedMessage, decodeClientMessage } from './messages';
import type { Room } from './room';

export interface ConnectionInfo {
  room: Room;
  role: Role;
  address: string;
}

/**
 * Ties one accepted socket to its room: decodes each message (garbage closes the socket), holds
 * messages until the room has loaded, and logs the connection's open and close in one line each.
 */
export function serveConnection(ws: WebSocket, { room, role, address }: ConnectionInfo, log: Logger): void {
  const opened = Date.now();
  const fields = { room: room.name, role, addr: address };
  let droppedWrites = 0;
  let closing = false;
  let waiting: Uint8Array[] | undefined = [];

  const peer: Peer = {
    send(message) {
      if (ws.readyState === ws.OPEN) ws.send(message);
    },
    get bufferedAmount() {
      return ws.bufferedAmount;
    },
    close(code, reason) {
      closing = true;
      room.leave(peer);
      ws.close(code, reason);
    },
  };

  const handle = (data: Uint8Array) => {
    if (closing) return;
    try {
      if (room.receive(peer, decodeClientMessage(data)) === 'dropped') {
        // Once per connection: a read-only page that writes is a bug in the page, not an attack per message.
        if (droppedWrites === 0) log.warn('sync.write-dropped', fields);
        droppedWrites += 1;
      }
    } catch (error) {
      const malformed = error instanceof MalformedMessage;
      log.warn(malformed ? 'conn.malformed' : 'conn.error', { ...fields, error: errorText(error) });
      peer.close(malformed ? CLOSE_CODES.MALFORMED : CLOSE_CODES.SERVER_ERROR, malformed ? error.message : 'server error');
    }
  };

  room.join(peer, role);
  log.info('conn.open', fields);
  room.ready.then(
    () => {
      const queued = waiting ?? [];
      waiting = undefined;
      for (const data of queued) handle(data);
    },
    () => undefined, // the room closed its peers and logged why
  );

  ws.on('message', (data: RawData, isBinary: boolean) => {
    if (!isBinary || !Buffer.isBuffer(data)) {
      log.warn('conn.malformed', { ...fields, error: 'not a binary message' });
      peer.close(CLOSE_CODES.MALFORMED, 'binary messages only');
      return;
    }
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    if (waiting) waiting.push(bytes);
    else handle(bytes);
  });
  ws.on('error', (error) => log.warn('conn.error', { ...fields, error: errorText(error) }));
  ws.on('close', (code: number) => {
    room.leave(peer);
    const seconds = Math.round((Date.now() - opened) / 1000);
    log.info('conn.close', { ...fields, code, seconds, droppedWrites: droppedWrites || undefined });
  });
}
