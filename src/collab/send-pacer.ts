import * as decoding from 'lib0/decoding';
import { messageYjsSyncStep2, messageYjsUpdate } from 'y-protocols/sync';
import { messageAwareness, messageSync } from 'y-websocket';
import { syncMessage } from './syncMessage';
import { updateInParts } from './update-parts';

/** What one connection may send (the server's STALLMAP_MAX_MESSAGE_BYTES and STALLMAP_BYTES_PER_SECOND, GET …/role). */
export interface SendLimits {
  messageBytes: number;
  bytesPerSecond: number;
}

/** The server's defaults, until it says (and from a server older than saying). */
export const DEFAULT_SEND_LIMITS: SendLimits = { messageBytes: 1024 * 1024, bytesPerSecond: 256 * 1024 };

/** A change larger than one message, on its way in parts: bytes sent of all. */
export interface SendProgress {
  sent: number;
  total: number;
}

/**
 * The largest part of a change: a quarter of a message (room for the sync header, and for the
 * server's bucket to hold several), at most 128 KiB, so that progress moves and a part that
 * waits on the rate waits under a second.
 */
export const partBytesFor = (limits: SendLimits) => Math.max(1024, Math.min(128 * 1024, Math.floor(limits.messageBytes / 4)));

/**
 * Paces what one socket sends under the server's limits, which close a connection over them: a
 * message over STALLMAP_MAX_MESSAGE_BYTES (1009), or more bytes than STALLMAP_BYTES_PER_SECOND
 * allows (4529, a token bucket holding two seconds or one largest message). Before this, a change
 * larger than a message (an import of a few thousand steps into an open map) got the page closed,
 * reconnected, and closed again on resending it.
 *
 * A sync message carrying an update larger than a part is sent as several (update-parts.ts: the
 * server takes them whole, when the last arrives). Sync messages keep their order, and wait while
 * this page's own bucket, a copy of the server's at a margin (half its size, four fifths of its
 * rate, so the network bunching sends up or the clocks differing does not tip it), is short.
 * Presence never waits behind a map (a cursor seconds late is frozen): it is sent at once and
 * counted. A message of one part goes at once when the bucket has room, as before.
 */
export class SendPacer {
  private readonly queue: Uint8Array[] = [];
  private tokens: number;
  private last: number;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  /** The large change being sent, for its progress; undefined while none is. */
  private progress: SendProgress | undefined;

  constructor(
    private readonly transmit: (message: Uint8Array) => void,
    private readonly limits: () => SendLimits,
    private readonly onProgress: (progress: SendProgress | undefined) => void = () => undefined,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = this.capacity();
    this.last = now();
  }

  /** Bytes waiting to be sent. */
  get queuedBytes(): number {
    return this.queue.reduce((sum, message) => sum + message.byteLength, 0);
  }

  send(message: Uint8Array): void {
    if (this.stopped) return;
    if (message[0] === messageAwareness) {
      this.refill();
      this.tokens -= message.byteLength;
      this.transmit(message);
      return;
    }
    const parts = this.partsOf(message);
    if (parts.length > 1 || this.progress) {
      const bytes = parts.reduce((sum, part) => sum + part.byteLength, 0);
      this.progress = { sent: this.progress?.sent ?? 0, total: (this.progress?.total ?? this.queuedBytes) + bytes };
    }
    this.queue.push(...parts);
    this.drain();
  }

  /** The socket closed: what waits is dropped (the provider resends what the server lacks on its next connection). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.queue.length = 0;
    if (this.progress) {
      this.progress = undefined;
      this.onProgress(undefined);
    }
  }

  private capacity(): number {
    const { messageBytes, bytesPerSecond } = this.limits();
    return Math.max(2 * bytesPerSecond, messageBytes) / 2;
  }

  /** Bytes a second this page sends at most: four fifths of the server's rate (the margin above). */
  private rate(): number {
    return (4 / 5) * this.limits().bytesPerSecond;
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.capacity(), this.tokens + ((now - this.last) / 1000) * this.rate());
    this.last = now;
  }

  private drain(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.queue.length > 0 && !this.stopped) {
      this.refill();
      const next = this.queue[0];
      // A message larger than the bucket goes once it is full: the server's holds at least one largest message.
      const needed = Math.min(next.byteLength, this.capacity());
      if (this.tokens < needed) {
        this.timer = setTimeout(() => this.drain(), Math.ceil(((needed - this.tokens) / this.rate()) * 1000));
        break;
      }
      this.queue.shift();
      this.tokens -= next.byteLength;
      this.transmit(next);
      if (this.progress) this.progress.sent += next.byteLength;
    }
    if (!this.progress) return;
    const done = this.queue.length === 0;
    this.onProgress(done ? undefined : { ...this.progress });
    if (done) this.progress = undefined;
  }

  /** A sync message whose update is larger than a part, as one sync message per part; anything else as it is. */
  private partsOf(message: Uint8Array): Uint8Array[] {
    const partBytes = partBytesFor(this.limits());
    if (message.byteLength <= partBytes || message[0] !== messageSync) return [message];
    const decoder = decoding.createDecoder(message);
    decoding.readVarUint(decoder);
    const type = decoding.readVarUint(decoder);
    if (type !== messageYjsSyncStep2 && type !== messageYjsUpdate) return [message];
    const update = decoding.readVarUint8Array(decoder);
    try {
      return updateInParts(update, partBytes).map((part) => syncMessage(type, part));
    } catch {
      // Bytes Yjs cannot read are the server's to refuse, as before.
      return [message];
    }
  }
}
