import type * as Y from 'yjs';
import type { StallMap } from '../core/model';
import { readReview, writeReview } from './doc';
import { LOCAL_ORIGIN } from './origin';

type ReviewData = Pick<StallMap, 'waivers' | 'comments' | 'assessment'>;

/** The review data from before and after a replace, kept on the replace's undo step. */
const REVIEW_META = 'review';

interface ReviewChange {
  before: ReviewData;
  after: ReviewData;
}

/**
 * Replacing the map for everyone (an import into an open map) writes both docs: the map, which the
 * undo manager tracks, and the review data (comments, waivers, the team's scores), which lives in
 * a doc of its own that no undo manager can track beside it. So the replace's undo step carries the
 * review data from before and after it, and undoing or redoing that step writes the review data
 * back: the whole import is one step of undo. Returns the replace: `replaceMap` is the map
 * command, which may refuse (no write access, over the server's limits); then the review data is
 * left as it is too.
 */
export function replaceWithReview(undo: Y.UndoManager, review: Y.Doc, replaceMap: (map: StallMap) => void): (map: StallMap) => void {
  undo.on('stack-item-popped', ({ stackItem, type }: { stackItem: { meta: Map<string, unknown> }; type: 'undo' | 'redo' }) => {
    const change = stackItem.meta.get(REVIEW_META) as ReviewChange | undefined;
    if (!change) return;
    writeReview(review, type === 'undo' ? change.before : change.after, LOCAL_ORIGIN);
    // Yjs put the step on the other stack (as a new item) before saying this one was popped.
    const other = type === 'undo' ? undo.redoStack : undo.undoStack;
    other[other.length - 1]?.meta.set(REVIEW_META, change);
  });
  return (map) => {
    const steps = undo.undoStack.length;
    replaceMap(map);
    // A refused replace adds no step (replaceMap is a discrete command: it never merges into one).
    if (undo.undoStack.length === steps) return;
    const { waivers, comments, assessment } = readReview(review);
    const change: ReviewChange = { before: { waivers, comments, ...(assessment ? { assessment } : {}) }, after: map };
    undo.undoStack[undo.undoStack.length - 1].meta.set(REVIEW_META, change);
    writeReview(review, map, LOCAL_ORIGIN);
  };
}
