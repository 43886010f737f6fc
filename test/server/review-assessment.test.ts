import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { assessmentOf, commentsOf } from '../../src/collab/doc';
import { createReviewCommands } from '../../src/collab/reviewCommands';
import type { StallMap } from '../../src/core/model';
import { loadFixture } from '../fixtures/load';
import { type CreatedMap, createMap, getMap, startTestServer, synced, type TestServer, waitFor } from './helpers';

/**
 * The team's scorecard lives in the review room (a surface → { score, evidence, by, at }), so a
 * review link can score a surface: in its own name, changing only its own scores, and only the
 * five failure surfaces (server/sync/review-rules.ts).
 */

let server: TestServer;
let map: CreatedMap;
const providers: WebsocketProvider[] = [];

async function openReview(token: string, name: string) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(server.syncUrl, `${map.id}/review`, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { token, name },
    disableBc: true,
    maxBackoffTime: 200,
  });
  providers.push(provider);
  await synced(provider);
  await waitFor(() => commentsOf(doc).has('c1'), 5000, 'the review data');
  return { doc, scores: assessmentOf(doc), commands: createReviewCommands(doc) };
}

async function onServer(): Promise<StallMap['assessment']> {
  const { body } = await getMap(server.url, map.id, map.tokens.view);
  return (body as unknown as StallMap).assessment;
}

beforeEach(async () => {
  server = await startTestServer();
  map = await createMap(server.url, { ...loadFixture('contract-review'), version: 2, assessment: { governance: { score: 4, evidence: 'Approvals by rule', by: 'CIO' } } });
});

afterEach(async () => {
  for (const provider of providers.splice(0)) provider.destroy();
  await server.close();
});

describe('the team’s scorecard in the review room', () => {
  it('keeps an imported assessment, and takes a reviewer’s score of a surface in their own name', async () => {
    expect(await onServer()).toEqual({ governance: { score: 4, evidence: 'Approvals by rule', by: 'CIO' } });
    const bob = await openReview(map.tokens.review, 'Bob');
    bob.commands.score('workflow', { score: 2, evidence: 'Every contract is re-read in full', by: 'Bob' });
    await waitFor(async () => (await onServer())?.workflow?.score === 2, 5000, 'the score on the server');
    expect((await onServer())?.workflow).toMatchObject({ score: 2, evidence: 'Every contract is re-read in full', by: 'Bob' });
    bob.commands.score('workflow', { score: 1, evidence: 'Now measured: 100% re-read', by: 'Bob' });
    await waitFor(async () => (await onServer())?.workflow?.score === 1, 5000, 'Bob’s own score changed');
  });

  it('puts back a reviewer’s change to another person’s score, a score in another name, and a key that is no surface', async () => {
    const bob = await openReview(map.tokens.review, 'Bob');
    bob.commands.score('governance', { score: 1, evidence: 'Overruled', by: 'Bob' });
    await waitFor(() => (bob.scores.get('governance') as { by?: string }).by === 'CIO', 5000, 'Bob’s page to heal');
    bob.doc.transact(() => bob.scores.set('evaluation', { score: 5, evidence: 'Forged', by: 'CIO' }));
    bob.doc.transact(() => bob.scores.set('vibes', { score: 5, evidence: 'Good', by: 'Bob' }));
    await waitFor(() => !bob.scores.has('evaluation') && !bob.scores.has('vibes'), 5000, 'the forged scores to go');
    expect(await onServer()).toEqual({ governance: { score: 4, evidence: 'Approvals by rule', by: 'CIO' } });
  });

  it('lets an editor score any surface', async () => {
    const editor = await openReview(map.tokens.edit, 'Ana');
    editor.commands.score('governance', { score: 2, evidence: 'Approvals block launch', by: 'Ana' });
    await waitFor(async () => (await onServer())?.governance?.by === 'Ana', 5000, 'the editor’s score');
  });
});
