import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { messageSync } from 'y-websocket';

/**
 * The rest of a sync message once the provider has read its kind (`messageSync`): the sync step
 * (y-protocols/sync: a state vector, an update answering one, or an update) and its payload; or
 * undefined for bytes that cannot be read, which the provider's own handler meets and deals with.
 */
export function readSyncPayload(decoder: decoding.Decoder): { type: number; payload: Uint8Array } | undefined {
  try {
    const type = decoding.readVarUint(decoder);
    return { type, payload: decoding.readVarUint8Array(decoder) };
  } catch {
    return undefined;
  }
}

/** A whole sync message of this step and payload, as the provider sends one. */
export function syncMessage(type: number, payload: Uint8Array): Uint8Array<ArrayBuffer> {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageSync);
  encoding.writeVarUint(encoder, type);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder) as Uint8Array<ArrayBuffer>; // a fresh buffer, never shared
}
