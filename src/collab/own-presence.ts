import * as encoding from 'lib0/encoding';
import { encodeAwarenessUpdate } from 'y-protocols/awareness';
import type { WebsocketProvider } from 'y-websocket';
import { randomSecret } from './random-secret';

const MESSAGE_AWARENESS = 1;

/**
 * A random secret of this page's, sent as `?presence=` beside the token. The server binds the
 * page's presence clientID to it, so when the page's socket drops, nobody who saw the clientID
 * can claim it before the page reconnects (server/sync/presence-owners.ts). One per page load,
 * kept in memory: the clientID it protects is the Y.Doc's, which is new on every load too (a
 * copy in sessionStorage would only be shared with a duplicated tab, which has its own clientID).
 */
export const newPresenceKey: () => string = randomSecret;

/**
 * Makes the provider send only this page's own presence. The stock provider sends every
 * awareness change back to the server, other people's included: harmless in a small room, but
 * it doubles the room's presence traffic, and a page greeted with a crowd's large states would
 * send them all back in one message, which the server refuses (1009) as if it were the page's
 * own. Our server relays everyone's presence itself; nobody needs the echo.
 */
export function sendOwnPresenceOnly(provider: WebsocketProvider): void {
  const { awareness } = provider;
  awareness.off('update', provider._awarenessUpdateHandler);
  const send = ({ added, updated, removed }: Record<'added' | 'updated' | 'removed', number[]>) => {
    const self = awareness.clientID;
    if (!added.includes(self) && !updated.includes(self) && !removed.includes(self)) return;
    const ws = provider.ws;
    if (!provider.wsconnected || !ws || ws.readyState !== ws.OPEN) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(awareness, [self]));
    ws.send(encoding.toUint8Array(encoder));
  };
  // Stored where the provider keeps its own, so provider.destroy() unhooks ours.
  provider._awarenessUpdateHandler = send;
  awareness.on('update', send);
}
