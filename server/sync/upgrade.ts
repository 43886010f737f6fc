import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import { MAX_NAME_LENGTH } from '../../src/core/model';
import { securityHeaderLines } from '../http/headers';
import { errorText, type LogFields, type Logger } from '../log';
import type { MapAccess } from '../maps/access';
import { type Role, type RoomKind, roomName } from '../maps/roles';
import { CLOSE_CODES } from './close-codes';

const SYNC_PATH = /^\/sync\/([A-Za-z0-9_-]{1,64})(\/review)?$/;
/** A presence or writer key: at least 128 bits of base64url (the page sends 192). */
const SECRET_KEY = /^[A-Za-z0-9_-]{22,128}$/;

export interface SyncTarget {
  mapId: string;
  kind: RoomKind;
  token: string;
  /** `?presence=`: a random secret of the client's tab, binding its presence clientID to it (presence-owners.ts). */
  presenceKey?: string;
  /** `?writer=`: a random secret the client's browser keeps for the map, binding the Yjs clientIDs it writes the review room under to it (writer-ids.ts). */
  writerKey?: string;
  /** `?name=`: who the connection says it is; the name it may sign comments and waivers with (review-rules.ts). Not proof of anything. */
  name?: string;
  /** `?name=` was longer than MAX_NAME_LENGTH: the connection is refused, not let in nameless (or all it signed would be unreadable). */
  nameTooLong?: boolean;
}

/** `/sync/<mapId>` or `/sync/<mapId>/review`, with `?token=`; undefined for any other path. */
export function parseSyncUrl(url: string | undefined): SyncTarget | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url ?? '/', 'http://localhost');
  } catch {
    return undefined;
  }
  const match = SYNC_PATH.exec(parsed.pathname);
  if (!match) return undefined;
  const target: SyncTarget = { mapId: match[1], kind: match[2] ? 'review' : 'map', token: parsed.searchParams.get('token') ?? '' };
  const presenceKey = secretParam(parsed, 'presence');
  if (presenceKey) target.presenceKey = presenceKey;
  const writerKey = secretParam(parsed, 'writer');
  if (writerKey) target.writerKey = writerKey;
  const name = parsed.searchParams.get('name')?.trim() ?? '';
  if (name.length > MAX_NAME_LENGTH) target.nameTooLong = true;
  else if (name) target.name = name; // an empty name declares none, as no `?name=` does
  return target;
}

/** A key parameter (`presence`, `writer`); a guessable key would protect nothing, so anything else is ignored, as if none was sent. */
function secretParam(url: URL, name: string): string | undefined {
  const value = url.searchParams.get(name) ?? '';
  return SECRET_KEY.test(value) ? value : undefined;
}

export const isSyncUrl = (url: string | undefined) => (url ?? '').startsWith('/sync/');

export const remoteAddress = (req: IncomingMessage) => req.socket.remoteAddress ?? 'unknown';

/** Answers an upgrade we will not take with a plain HTTP status (and the usual headers), then hangs up. */
export function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n${securityHeaderLines()}\r\n`);
}

/** Closes an accepted socket we will not serve, with a code the page can act on, and logs why in one line. */
export function closeRefused(ws: WebSocket, log: Logger, refusal: { code: number; reason: string; event: LogFields }): void {
  log.warn('conn.refused', refusal.event);
  ws.close(refusal.code, refusal.reason);
}

/**
 * Authenticates a sync upgrade, then accepts it. A refused client is accepted and closed with a
 * 44xx code rather than answered with an HTTP error: a browser sees no status on a failed
 * upgrade, but it does see a close code and reason, and the provider stops retrying.
 */
export async function acceptSync(
  wss: WebSocketServer,
  access: MapAccess,
  log: Logger,
  request: { req: IncomingMessage; socket: Duplex; head: Buffer; target: SyncTarget },
  onAccepted: (ws: WebSocket, role: Role, room: string) => void,
): Promise<void> {
  const { req, socket, head, target } = request;
  const room = roomName(target.mapId, target.kind);
  const addr = remoteAddress(req);
  socket.on('error', () => undefined); // a client that hangs up mid-handshake is not our error
  let role: Role | undefined;
  try {
    role = target.token ? await access.roleOf(target.mapId, target.token) : undefined;
  } catch (error) {
    log.error('conn.auth-failed', { room, addr, error: errorText(error) });
    refuseUpgrade(socket, 503, 'Service Unavailable');
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => {
    if (role && target.nameTooLong) {
      const reason = `the name is longer than ${MAX_NAME_LENGTH} characters`;
      return closeRefused(ws, log, { code: CLOSE_CODES.NAME_TOO_LONG, reason, event: { room, reason: 'name-too-long', addr } });
    }
    if (role) return onAccepted(ws, role, room);
    if (target.token) closeRefused(ws, log, { code: CLOSE_CODES.DENIED, reason: 'access denied', event: { room, reason: 'denied', addr } });
    else closeRefused(ws, log, { code: CLOSE_CODES.NO_TOKEN, reason: 'token required', event: { room, reason: 'no-token', addr } });
  });
}
