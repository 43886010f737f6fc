import type * as Y from 'yjs';
import { calendarDate } from '../core/calendar-date';
import type { AssessmentEntry, Comment, Waiver } from '../core/model';
import { assessmentOf, commentsOf, waiverKey, waiversOf } from './doc';
import { newId } from './ids';
import { LOCAL_ORIGIN } from './origin';

/**
 * Commands on a map's review doc: comments, threads and waivers. The server lets review links
 * write this doc and nothing else, so a reviewer can comment and accept risks without redrawing;
 * and there only in the name their connection declared, changing only their own entries and
 * deleting none (server/sync/review-rules.ts): `author` and `by` must be this person's name.
 */
export function createReviewCommands(review: Y.Doc, now: () => Date = () => new Date()) {
  const comments = commentsOf(review);
  const waivers = waiversOf(review);
  const transact = (fn: () => void) => review.transact(fn, LOCAL_ORIGIN);

  return {
    comment(fields: Pick<Comment, 'target' | 'author' | 'text'> & Partial<Pick<Comment, 'rule' | 'replyTo'>>): string {
      const id = newId('c', (candidate) => comments.has(candidate));
      const comment: Comment = { id, ...fields, at: now().toISOString() };
      transact(() => comments.set(id, stripUndefined(comment)));
      return id;
    },

    /** Closes (or reopens) a thread: the flag sits on its first comment. */
    resolve(threadId: string, resolved: boolean): void {
      const first = comments.get(threadId) as Comment | undefined;
      if (first) transact(() => comments.set(threadId, stripUndefined({ ...first, resolved: resolved || undefined })));
    },

    /** Accepts a finding's risk on the record: who, why and when. */
    waive(fields: Pick<Waiver, 'rule' | 'target' | 'reason' | 'by'>): void {
      const waiver: Waiver = { ...fields, at: calendarDate(now()) };
      transact(() => waivers.set(waiverKey(waiver), waiver));
    },

    /**
     * Records the team's score of a failure surface with its evidence, signed `by` and dated: it
     * replaces the surface's score (the server lets a reviewer replace only their own).
     */
    score(surface: string, fields: Pick<AssessmentEntry, 'score' | 'evidence' | 'by'>): void {
      const entry: AssessmentEntry = { ...fields, at: calendarDate(now()) };
      transact(() => assessmentOf(review).set(surface, stripUndefined(entry)));
    },

    revoke(waiver: Pick<Waiver, 'rule' | 'target'>): void {
      transact(() => waivers.delete(waiverKey(waiver)));
    },
  };
}

export type ReviewCommands = ReturnType<typeof createReviewCommands>;

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
