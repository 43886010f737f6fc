import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { CLOSE_CODES } from './close-codes';
import { Refusal } from './refusal';

/**
 * The y-websocket wire format: a varuint message type, then for sync messages a varuint sync
 * type and a byte array (a state vector or a Yjs update), for awareness a byte array.
 */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_QUERY_AWARENESS = 3;
const SYNC_STEP_1 = 0;
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;

export type ClientMessage =
  | { type: 'sync-step-1'; stateVector: Uint8Array }
  | { type: 'sync-step-2'; update: Uint8Array }
  | { type: 'update'; update: Uint8Array }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'query-awareness' };

/** A message the server will not process; the connection that sent it is closed (1003). */
export class MalformedMessage extends Refusal {
  constructor(reason: string) {
    super(CLOSE_CODES.MALFORMED, reason, 'conn.malformed');
  }
}

/** Decodes one client message; anything truncated, unknown or with trailing bytes is malformed. */
export function decodeClientMessage(data: Uint8Array): ClientMessage {
  let message: ClientMessage;
  const decoder = decoding.createDecoder(data);
  try {
    const type = decoding.readVarUint(decoder);
    if (type === MESSAGE_SYNC) message = readSync(decoder);
    else if (type === MESSAGE_AWARENESS) message = { type: 'awareness', update: decoding.readVarUint8Array(decoder) };
    else if (type === MESSAGE_QUERY_AWARENESS) message = { type: 'query-awareness' };
    else throw new MalformedMessage(`unknown message type ${type}`);
  } catch (error) {
    if (error instanceof MalformedMessage) throw error;
    throw new MalformedMessage('truncated message');
  }
  if (decoding.hasContent(decoder)) throw new MalformedMessage('trailing bytes after the message');
  return message;
}

function readSync(decoder: decoding.Decoder): ClientMessage {
  const syncType = decoding.readVarUint(decoder);
  const payload = decoding.readVarUint8Array(decoder);
  if (syncType === SYNC_STEP_1) return { type: 'sync-step-1', stateVector: payload };
  if (syncType === SYNC_STEP_2) return { type: 'sync-step-2', update: payload };
  if (syncType === SYNC_UPDATE) return { type: 'update', update: payload };
  throw new MalformedMessage(`unknown sync message type ${syncType}`);
}

function encodeWith(type: number, subtype: number | undefined, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  if (subtype !== undefined) encoding.writeVarUint(encoder, subtype);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

export const encodeSyncStep1 = (stateVector: Uint8Array) => encodeWith(MESSAGE_SYNC, SYNC_STEP_1, stateVector);
export const encodeSyncStep2 = (update: Uint8Array) => encodeWith(MESSAGE_SYNC, SYNC_STEP_2, update);
export const encodeUpdate = (update: Uint8Array) => encodeWith(MESSAGE_SYNC, SYNC_UPDATE, update);
export const encodeAwareness = (update: Uint8Array) => encodeWith(MESSAGE_AWARENESS, undefined, update);
