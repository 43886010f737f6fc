import type * as Y from 'yjs';
import type { StallMap } from '../core/model';
import { writeReview } from './doc';
import { LOCAL_ORIGIN } from './origin';
import { moveReviewEntries, type ReviewEntries, reviewEntries } from './reviewEntries';
import type { Undo } from './undo';

/** The review entries from before and after a replace, kept on the replace's undo step. */
const REVIEW_META = 'review';

interface ReviewChange {
  before: ReviewEntries;
  after: ReviewEntries;
}

/**
 * Replacing the map for everyone (an import into an open map) writes both docs: the map, which the
 * undo histories track, and the review data (comments, waivers, the team's scores), which lives in
 * a doc of its own that no undo history can track beside it. So the replace's undo step carries the
 * review entries from before and after it, and undoing or redoing that step takes back (or makes
 * again) the import's change of them, entry by entry: what colleagues wrote since stays theirs
 * (reviewEntries.ts). The whole import is one step of undo. Returns the replace: `replaceMap` is
 * the map command, which may refuse (no write access, over the server's limits); then the review
 * data is left as it is too.
 */
export function replaceWithReview(undo: Pick<Undo, 'histories'>, review: Y.Doc, replaceMap: (map: StallMap) => void): (map: StallMap) => void {
  for (const history of undo.histories) {
    history.on('stack-item-popped', ({ stackItem, type }: { stackItem: { meta: Map<string, unknown> }; type: 'undo' | 'redo' }) => {
      const change = stackItem.meta.get(REVIEW_META) as ReviewChange | undefined;
      if (!change) return;
      if (type === 'undo') moveReviewEntries(review, change.after, change.before, LOCAL_ORIGIN);
      else moveReviewEntries(review, change.before, change.after, LOCAL_ORIGIN);
      // Yjs put the step on the other stack (as a new item) before saying this one was popped.
      const other = type === 'undo' ? history.redoStack : history.undoStack;
      other[other.length - 1]?.meta.set(REVIEW_META, change);
    });
  }
  return (map) => {
    const steps = undo.histories.map((history) => history.undoStack.length);
    replaceMap(map);
    // The replace is a step of the history of the state on screen (undo.ts); a refused one adds
    // no step anywhere (replaceMap is a discrete command: it never merges into one).
    const history = undo.histories.find((h, i) => h.undoStack.length > steps[i]);
    if (!history) return;
    const before = reviewEntries(review);
    writeReview(review, map, LOCAL_ORIGIN);
    history.undoStack[history.undoStack.length - 1].meta.set(REVIEW_META, { before, after: reviewEntries(review) } satisfies ReviewChange);
  };
}
