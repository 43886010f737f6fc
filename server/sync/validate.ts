import * as Y from 'yjs';
import { MalformedMessage } from './messages';

/**
 * Applies an update to a throwaway doc: a malformed update throws here, before it reaches the disk
 * or the room's doc, where it would fail every later load. Updates that depend on content the
 * scratch doc lacks are parked by Yjs as pending, not rejected, so valid updates always pass.
 * A fixed guid matters: generating one per doc costs 60 µs, the rest of this check about 10.
 */
export function checkUpdate(update: Uint8Array): void {
  const scratch = new Y.Doc({ guid: 'stallmap-validate', gc: false });
  try {
    Y.applyUpdate(scratch, update);
  } catch {
    throw new MalformedMessage('malformed Yjs update');
  } finally {
    scratch.destroy();
  }
}

/** The part of `doc` a client with this state vector lacks; a malformed state vector is the client's fault. */
export function diffFor(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  try {
    return Y.encodeStateAsUpdate(doc, stateVector);
  } catch {
    throw new MalformedMessage('malformed state vector');
  }
}
