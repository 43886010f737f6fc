import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { commentsOf, readReview, waiversOf, writeReview } from '../../src/collab/doc';
import { loadFixture } from '../fixtures/load';

/**
 * The review doc read into the format: each entry under the key the page gives it (a comment
 * under its id, a waiver under its rule and target). An entry under another key, which only a
 * hand-made client writes, must not read as a double of another one: exported and imported, the
 * double replaced the original.
 */
describe('reading the review doc', () => {
  const fixture = loadFixture('contract-review'); // comment c1 by the COO; General Counsel's waiver of human-join on j3

  it('reads a comment with the key it is stored under as its id, so no two comments share an id', () => {
    const review = new Y.Doc();
    writeReview(review, fixture);
    const c1 = commentsOf(review).get('c1') as Record<string, unknown>;
    commentsOf(review).set('zz', { ...c1, id: 'c1', author: 'Rita', text: 'Mine now' });
    const { comments } = readReview(review);
    expect(comments.map((c) => c.id).sort()).toEqual(['c1', 'zz']);
    expect(comments.find((c) => c.id === 'c1')?.author).toBe(fixture.comments[0].author);
  });

  it('leaves out, and reports, a waiver stored under a key other than its rule and target', () => {
    const review = new Y.Doc();
    writeReview(review, fixture);
    waiversOf(review).set('whatever', { rule: 'human-join', target: 'j3', reason: 'Mine now', by: 'Rita', at: '2026-12-03' });
    const { waivers, skipped } = readReview(review);
    expect(waivers).toEqual(fixture.waivers);
    expect(skipped).toEqual([{ kind: 'waiver', id: 'whatever', reason: 'waives human-join|j3, not what its key names' }]);
  });
});
