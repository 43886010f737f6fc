import type * as Y from 'yjs';
import { REVIEW_DOC_SHAPE } from './doc';
import { sameValue } from './sameValue';

/**
 * The review doc's entries as stored: for each of its keyed maps (waivers, comments, assessment),
 * key → plain value. Kept raw, not read through the schema, so that what is written back is what
 * was there, an entry the page cannot read included.
 */
export type ReviewEntries = Record<string, Record<string, unknown>>;

export function reviewEntries(review: Y.Doc): ReviewEntries {
  return Object.fromEntries(Object.keys(REVIEW_DOC_SHAPE).map((name) => [name, Object.fromEntries(review.getMap(name).entries())]));
}

/**
 * Takes one change of the review doc back (or makes it again): moves each entry from what the
 * change left (`from`) to what it should be (`to`), a three-way merge per key. An entry still as
 * the change left it becomes as `to` has it (written again, or deleted); an entry someone added,
 * changed or removed since stays as they left it. Undoing an import, a colleague's comment on the
 * imported map is theirs and stays; writing the whole review back deleted it.
 */
export function moveReviewEntries(review: Y.Doc, from: ReviewEntries, to: ReviewEntries, origin: unknown): void {
  review.transact(() => {
    for (const name of Object.keys(REVIEW_DOC_SHAPE)) {
      const entries = review.getMap(name);
      const [left, wanted] = [from[name] ?? {}, to[name] ?? {}];
      for (const key of new Set([...Object.keys(left), ...Object.keys(wanted)])) {
        if (!sameValue(entries.get(key), left[key])) continue; // changed since: theirs
        if (wanted[key] === undefined) entries.delete(key);
        else if (!sameValue(entries.get(key), wanted[key])) entries.set(key, wanted[key]);
      }
    }
  }, origin);
}
