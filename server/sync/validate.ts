import * as Y from 'yjs';
import { MalformedMessage } from './messages';

/** The part of `doc` a client with this state vector lacks; a malformed state vector is the client's fault. */
export function diffFor(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  try {
    return Y.encodeStateAsUpdate(doc, stateVector);
  } catch {
    throw new MalformedMessage('malformed state vector');
  }
}
