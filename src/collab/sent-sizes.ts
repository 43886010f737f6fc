/**
 * The largest message of each kind a socket sent: the server closes a socket with 1009 for one
 * message over its limit without saying which, and only if it was a change to the map is
 * "your last change was not saved" true. y-websocket's first byte is the message type.
 */
export interface SentSizes {
  /** Sync messages: the page's edits, and what it sends the server when it (re)connects. */
  change: number;
  /** Awareness messages: the page's own presence. */
  presence: number;
}

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;

const sizes = new WeakMap<object, SentSizes>();

/** Notes a message `socket` sent as the server receives it (a part, for a change sent in parts: paced-socket.ts). */
export function noteSent(socket: object, bytes: Uint8Array): void {
  const kind = bytes[0] === MESSAGE_SYNC ? 'change' : bytes[0] === MESSAGE_AWARENESS ? 'presence' : undefined;
  if (!kind) return;
  const sent = sentSizes(socket);
  sent[kind] = Math.max(sent[kind], bytes.byteLength);
}

/** What `socket` sent, largest by kind (zeros for a socket that is not metered). */
export function sentSizes(socket: object | null): SentSizes {
  if (!socket) return { change: 0, presence: 0 };
  let sent = sizes.get(socket);
  if (!sent) {
    sent = { change: 0, presence: 0 };
    sizes.set(socket, sent);
  }
  return sent;
}

/** Whether a 1009 on `socket` was for a change of this page's: its largest message was a change, not its presence. */
export function tooLargeWasChange(socket: object | null): boolean {
  const { change, presence } = sentSizes(socket);
  return change > 0 && change >= presence;
}
