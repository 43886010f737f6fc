import { DEFAULT_SEND_LIMITS, type SendLimits, SendPacer, type SendProgress } from './send-pacer';
import { noteSent } from './sent-sizes';

/** What the server takes of one connection: its defaults until the page hears its own (GET …/role). */
let limits: SendLimits = DEFAULT_SEND_LIMITS;
const pacers = new WeakMap<object, SendPacer>();
const listeners = new Set<(socket: object, progress: SendProgress | undefined) => void>();
let paced: typeof WebSocket | undefined;

/** The server's limits on what a connection sends, as GET …/role gave them; absent ones stay the defaults. */
export function setSendLimits({ messageBytes, bytesPerSecond }: Partial<SendLimits>): void {
  const given = (value: number | undefined, fallback: number) => (typeof value === 'number' && value > 0 ? value : fallback);
  limits = { messageBytes: given(messageBytes, DEFAULT_SEND_LIMITS.messageBytes), bytesPerSecond: given(bytesPerSecond, DEFAULT_SEND_LIMITS.bytesPerSecond) };
}

/** Calls `listener` as a change too large for one message goes out in parts on any paced socket, and with undefined once it is all sent. */
export function onSendProgress(listener: (socket: object, progress: SendProgress | undefined) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Bytes `socket` holds back to keep under the server's rate (0 for a socket that is not paced). */
export function queuedSendBytes(socket: object | null): number {
  return (socket && pacers.get(socket)?.queuedBytes) || 0;
}

/**
 * The WebSocket the page's providers use (their `WebSocketPolyfill`): what it sends goes through
 * a SendPacer, so a large change reaches the server in parts and under its rate instead of
 * getting the connection closed, and each message is noted as sent (sent-sizes.ts). Made on
 * first use: Node 20 has no WebSocket to extend.
 */
export function pacedWebSocket(): typeof WebSocket {
  paced ??= class PacedWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      const pacer = new SendPacer(
        (message) => {
          noteSent(this, message);
          super.send(message as Uint8Array<ArrayBuffer>);
        },
        () => limits,
        (progress) => {
          for (const listener of listeners) listener(this, progress);
        },
      );
      pacers.set(this, pacer);
      this.addEventListener('close', () => pacer.stop());
    }

    override send(data: Parameters<WebSocket['send']>[0]): void {
      const pacer = pacers.get(this);
      if (!pacer || !(ArrayBuffer.isView(data) || data instanceof ArrayBuffer)) {
        super.send(data);
        return;
      }
      pacer.send(ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data));
    }
  };
  return paced;
}
