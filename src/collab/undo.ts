import type * as Y from 'yjs';
import type { WorkflowState } from './commands';
import { joinsOf, metaOf, redesignJoinsOf, redesignStepsOf, stepsOf } from './doc';
import { FieldKeepingUndoManager } from './fieldKeepingUndo';
import { LOCAL_ORIGIN } from './origin';

/**
 * Per-person undo: tracks only transactions with the local origin, so it reverts your own last
 * change even after others edited around it, and never theirs.
 *
 * One history per state (today's map, the redesign), and Undo and Redo act on the history of the
 * state on screen (`shown`): undo follows what you see. With one history for both, Undo in the
 * Now view took back redesign edits nobody was looking at, and then the whole redesign. Each of
 * your changes goes to the history of the state shown as you make it: the commands edit that
 * state (commands.ts), starting, fixing and discarding the redesign happen in its view, and a
 * change of the whole map (its title, the program, an import) is undone where it was made.
 * Between the two histories, an undo treats the other's changes as a colleague's: it takes back
 * only what they left of its own. A step taken back never leaves a field it changed empty, even
 * when a colleague set that field at the same moment (fieldKeepingUndo.ts).
 */
export function createUndoManager(doc: Y.Doc, shown: () => WorkflowState = () => 'now') {
  const scope = [metaOf(doc), stepsOf(doc), joinsOf(doc), redesignStepsOf(doc), redesignJoinsOf(doc)];
  const historyOf = (state: WorkflowState) =>
    new FieldKeepingUndoManager(scope, {
      trackedOrigins: new Set([LOCAL_ORIGIN]),
      captureTimeout: CAPTURE_MS,
      // A history's own undo and redo (their origin is the history) are always its own.
      captureTransaction: (transaction) => transaction.origin !== LOCAL_ORIGIN || shown() === state,
    });
  const histories: Record<WorkflowState, Y.UndoManager> = { now: historyOf('now'), redesign: historyOf('redesign') };
  const all = Object.values(histories);
  const current = () => histories[shown()];
  return {
    /** Each state's own history (replaceWithReview.ts follows both). */
    histories: all,
    undo: () => void current().undo(),
    redo: () => void current().redo(),
    canUndo: () => current().canUndo(),
    canRedo: () => current().canRedo(),
    /** Ends the step being captured, in both histories: the next change starts a step of its own. */
    stopCapturing: () => {
      for (const history of all) history.stopCapturing();
    },
    /** Whenever either history gains, loses or clears a step. */
    onChange(listener: () => void) {
      for (const history of all) for (const event of ['stack-item-added', 'stack-item-popped', 'stack-cleared'] as const) history.on(event, listener);
    },
    destroy: () => {
      for (const history of all) history.destroy();
    },
  };
}

export type Undo = ReturnType<typeof createUndoManager>;

/** Edits this close together are one undo step (a burst of typing, a field and the next). */
const CAPTURE_MS = 400;

/**
 * A drag is one undo step of its own however long the hand stops on the way: from its start
 * (nothing before it merged in) every change merges into one step, whatever the time between
 * them, until `endGesture`. With the usual timeout, a drag that paused for half a second was two
 * steps, and Undo took it back only to where it had paused.
 */
export function startGesture(undo: Undo): void {
  for (const history of undo.histories) {
    history.stopCapturing();
    history.captureTimeout = Number.POSITIVE_INFINITY;
  }
}

/** The drag is over (its drop written): its step is closed, and edits merge by time again. */
export function endGesture(undo: Undo): void {
  for (const history of undo.histories) {
    history.captureTimeout = CAPTURE_MS;
    history.stopCapturing();
  }
}
