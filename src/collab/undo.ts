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
    captureTimeout: 400,
  });
}
