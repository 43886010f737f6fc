import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { assessmentOf } from '../../src/collab/doc';
import { createReviewCommands } from '../../src/collab/reviewCommands';
import { watchOwnEntry } from '../../src/collab/watchOwnEntry';

/**
 * Two leaders score one surface at the same moment: one score is kept. The other leader is told,
 * and what they typed is given back, since their form had closed with it in it.
 */

/** Two pages' review docs, each with a Yjs client id chosen, so that which of two concurrent entries wins is known. */
function pages(ids: { first: number; second: number }) {
  const first = new Y.Doc();
  first.clientID = ids.first;
  const second = new Y.Doc();
  second.clientID = ids.second;
  const sync = (from: Y.Doc, to: Y.Doc) => Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)), 'server');
  return { first, second, sync };
}

const score = (doc: Y.Doc, by: string, value: number) => createReviewCommands(doc).score('workflow', { score: value, evidence: `${by}'s evidence`, by });

describe('a score recorded at the same moment as another', () => {
  it('tells the leader whose score lost, once the other arrives', () => {
    // The higher client id wins a concurrent write of one key in Yjs.
    const { first, second, sync } = pages({ first: 1, second: 2 });
    score(first, 'Leader A', 2);
    const lost: string[] = [];
    watchOwnEntry(assessmentOf(first), 'workflow', 'Leader A', (kept) => lost.push(`A lost to ${kept?.by}`));
    score(second, 'Leader B', 4);
    watchOwnEntry(assessmentOf(second), 'workflow', 'Leader B', () => lost.push('B'));
    sync(second, first);
    sync(first, second);
    expect(lost).toEqual(['A lost to Leader B']);
    expect((assessmentOf(first).get('workflow') as { by: string }).by).toBe('Leader B');
  });

  it('tells the leader when the server puts the first score back over theirs', () => {
    const { first, second, sync } = pages({ first: 1, second: 2 });
    score(first, 'Leader A', 2);
    sync(first, second);
    score(second, 'Leader B', 4);
    const lost: string[] = [];
    watchOwnEntry(assessmentOf(second), 'workflow', 'Leader B', () => lost.push('B'));
    // What review-rules.ts does with a review link's write over another's entry: it writes the old one back.
    const server = new Y.Doc();
    sync(second, server);
    server.transact(() => assessmentOf(server).set('workflow', { score: 2, evidence: "Leader A's evidence", by: 'Leader A', at: '2026-12-03' }));
    sync(server, second);
    expect(lost).toEqual(['B']);
  });

  it('says nothing for this person’s own writes, or for another’s entry that lost to theirs', () => {
    const { first, second, sync } = pages({ first: 2, second: 1 });
    const lost: string[] = [];
    score(first, 'Leader A', 2);
    watchOwnEntry(assessmentOf(first), 'workflow', 'Leader A', () => lost.push('A'));
    score(first, 'Leader A', 3);
    score(second, 'Leader B', 4);
    sync(second, first);
    expect(lost).toEqual([]);
    expect((assessmentOf(first).get('workflow') as { score: number }).score).toBe(3);
  });

  it('stops watching when told to', () => {
    const { first, second, sync } = pages({ first: 1, second: 2 });
    score(first, 'Leader A', 2);
    const lost: string[] = [];
    watchOwnEntry(assessmentOf(first), 'workflow', 'Leader A', () => lost.push('A'))();
    score(second, 'Leader B', 4);
    sync(second, first);
    expect(lost).toEqual([]);
  });
});
