import type { RawData, WebSocket } from 'ws';
import { errorText, type Logger } from '../log';
import type { Role } from '../maps/roles';
import { CLOSE_CODES } from './close-codes';
import type { Peer } from './fanout';
import { type ClientMessage, decodeClientMessage, MESSAGE_AWARENESS } from './messages';
import { Refusal } from './refusal';
import type { ReceiveResult, Room } from './room';
import { TokenBucket } from './token-bucket';

export interface ConnectionInfo {
  room: Room;
  role: Role;
  address: string;
  /** `?presence=`, if the client sent one (presence-owners.ts). */
  presenceKey?: string;
  /** `?writer=`, if the client sent one (writer-ids.ts). */
  writerKey?: string;
  /** `?name=`, if the client declared one (review-rules.ts). */
  name?: string;
}

export interface ConnectionLimits {
  messagesPerSecond: number;
  bytesPerSecond: number;
  maxMessageBytes: number;
  /** How long a probed connection has to answer a ping (presence.ts). */
  probeMs: number;
}

/** Logged once per connection, not per message: a page that does this does it all the time. */
const NOTE: Record<Exclude<ReceiveResult, 'ok'>, string> = {
  dropped: 'sync.write-dropped',
  'not-owner': 'presence.not-owner',
  'too-large': 'presence.too-large',
  'over-budget': 'presence.over-budget',
};

/** A close reason must fit in a control frame (123 bytes); ours are ASCII. */
const closeReason = (text: string) => text.slice(0, 120);

/**
 * Ties one accepted socket to its room: meters what it sends (over the rate, it is closed),
 * decodes each message (garbage or a message over a limit closes the socket), holds messages
 * until the room has loaded, and logs the connection's open and close in one line each.
 * Returns what ends it from outside (its link was replaced): at once out of the room, so it
 * neither reads nor writes another thing, then closed with the code and reason.
 */
export function serveConnection(
  ws: WebSocket,
  { room, role, address, presenceKey, writerKey, name }: ConnectionInfo,
  limits: ConnectionLimits,
  log: Logger,
): (code: number, reason: string) => void {
  const opened = Date.now();
  const fields = { room: room.name, role, addr: address };
  const dropped: Partial<Record<keyof typeof NOTE, number>> = {};
  const messages = new TokenBucket(limits.messagesPerSecond, 2 * limits.messagesPerSecond);
  const bytes = new TokenBucket(limits.bytesPerSecond, Math.max(2 * limits.bytesPerSecond, limits.maxMessageBytes));
  let closing = false;
  let probing: NodeJS.Timeout | undefined;
  let closeWait: NodeJS.Timeout | undefined;
  let waiting: Uint8Array[] | undefined = [];
  // Presence messages sent to this client that it may echo back free (see the message handler).
  let echoCredit = 0;
  const maxEchoCredit = 2 * limits.messagesPerSecond;

  const peer: Peer = {
    presenceKey,
    writerKey,
    name,
    send(message) {
      if (ws.readyState !== ws.OPEN) return;
      ws.send(message);
      if (message[0] === MESSAGE_AWARENESS && echoCredit < maxEchoCredit) echoCredit += 1;
    },
    get bufferedAmount() {
      return ws.bufferedAmount;
    },
    close(code, reason) {
      closing = true;
      room.leave(peer);
      ws.close(code, closeReason(reason));
      // A client that does not read (its answers queued unsent) never reads our close frame
      // either, and `ws` would hold the socket and all it queued for 30 s: give it probeMs.
      closeWait ??= setTimeout(() => ws.terminate(), limits.probeMs);
    },
    probe() {
      if (probing || ws.readyState !== ws.OPEN) return;
      probing = setTimeout(() => {
        log.warn('conn.timeout', { ...fields, after: `probe ${limits.probeMs}ms` });
        ws.terminate();
      }, limits.probeMs);
      ws.once('pong', () => {
        clearTimeout(probing);
        probing = undefined;
      });
      ws.ping();
    },
  };

  const refuse = (refusal: Refusal) => {
    log.warn(refusal.event, { ...fields, ...refusal.fields, error: refusal.message });
    peer.close(refusal.code, refusal.message);
  };

  /** `decoded`: the message already read, when the echo check read it. */
  const handle = (data: Uint8Array, decoded?: ClientMessage) => {
    if (closing) return;
    try {
      const result = room.receive(peer, decoded ?? decodeClientMessage(data));
      if (result === 'ok') return;
      if (!dropped[result]) log.warn(NOTE[result], fields);
      dropped[result] = (dropped[result] ?? 0) + 1;
    } catch (error) {
      if (error instanceof Refusal) return refuse(error);
      log.error('conn.error', { ...fields, error: errorText(error) });
      peer.close(CLOSE_CODES.SERVER_ERROR, 'server error');
    }
  };

  /**
   * A presence message waits for the event loop's turn: a page sends a drag's update and its
   * cursor together, and the update's relay, which goes on in microtasks after its disk write,
   * would otherwise wait for the cursor's handling (BENCHMARKS.md, "The durable write and the
   * relay"). Presence messages keep their order among themselves; those still waiting when the
   * socket has closed are dropped.
   */
  const handlePresence = (message: Uint8Array, decoded?: ClientMessage) => {
    if (ws.readyState !== ws.CLOSED) handle(message, decoded);
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
    if (closing) return;
    if (!isBinary || !Buffer.isBuffer(data)) {
      return refuse(new Refusal(CLOSE_CODES.MALFORMED, 'binary messages only', 'conn.malformed'));
    }
    const message = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    // The stock provider sends every presence message it receives straight back: in a busy room
    // that alone is more than the message limit. An echo (nothing the room does not have) is
    // dropped here, and is free up to one per presence message this client was sent; its bytes
    // still count, and anything else, or an echo beyond that, is charged as usual.
    // Read once: a presence message that is not an echo is handled as read here.
    const decoded = echoCredit > 0 && !waiting && message[0] === MESSAGE_AWARENESS ? readOrUndefined(message) : undefined;
    const echo = decoded !== undefined && room.isPresenceEcho(decoded);
    if (!bytes.take(data.byteLength) || (!echo && !messages.take())) {
      return refuse(new Refusal(CLOSE_CODES.RATE_LIMITED, 'too many messages: reconnect later', 'conn.rate-limited', { perSecond: limits.messagesPerSecond }));
    }
    if (echo) {
      echoCredit -= 1;
      return;
    }
    if (waiting) waiting.push(message);
    else if (message[0] === MESSAGE_AWARENESS) setImmediate(handlePresence, message, decoded);
    else handle(message, decoded);
  });
  ws.on('error', (error) => log.warn('conn.error', { ...fields, error: errorText(error) }));
  ws.on('close', (code: number) => {
    clearTimeout(probing);
    clearTimeout(closeWait);
    room.leave(peer);
    const seconds = Math.round((Date.now() - opened) / 1000);
    log.info('conn.close', { ...fields, code, seconds, droppedWrites: dropped.dropped, droppedPresence: (dropped['not-owner'] ?? 0) + (dropped['too-large'] ?? 0) + (dropped['over-budget'] ?? 0) || undefined });
  });
  return (code, reason) => peer.close(code, reason);
}

/** The message read, or undefined when it cannot be: handled, and refused, as any message then. */
function readOrUndefined(data: Uint8Array): ClientMessage | undefined {
  try {
    return decodeClientMessage(data);
  } catch {
    return undefined;
  }
}
