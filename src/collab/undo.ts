import * as Y from 'yjs';
import { joinsOf, metaOf, redesignJoinsOf, redesignStepsOf, stepsOf } from './doc';
import { LOCAL_ORIGIN } from './origin';

/**
 * Per-person undo: tracks only transactions with the local origin, so it reverts your own last
 * change even after others edited around it, and never theirs.
 */
export function createUndoManager(doc: Y.Doc): Y.UndoManager {
  return new Y.UndoManager([metaOf(doc), stepsOf(doc), joinsOf(doc), redesignStepsOf(doc), redesignJoinsOf(doc)], {
    trackedOrigins: new Set([LOCAL_ORIGIN]),
    captureTimeout: CAPTURE_MS,
  });
}

/** Edits this close together are one undo step (a burst of typing, a field and the next). */
const CAPTURE_MS = 400;

/**
 * A drag is one undo step of its own however long the hand stops on the way: from its start
 * (nothing before it merged in) every change merges into one step, whatever the time between
 * them, until `endGesture`. With the usual timeout, a drag that paused for half a second was two
 * steps, and Undo took it back only to where it had paused.
 */
export function startGesture(undo: Y.UndoManager): void {
  undo.stopCapturing();
  undo.captureTimeout = Number.POSITIVE_INFINITY;
}

/** The drag is over (its drop written): its step is closed, and edits merge by time again. */
export function endGesture(undo: Y.UndoManager): void {
  undo.captureTimeout = CAPTURE_MS;
  undo.stopCapturing();
}
