import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { itemFromFields, stepsOf } from '../../src/collab/doc';
import { main } from '../../server/cli/main';
import { newToken } from '../../server/maps/tokens';
import { connect, createMap, refused, startTestServer, synced, waitFor } from './helpers';
import { handedOut, NOT_FOUND, replace, replaced, roleOf } from './link-calls';
import { scratchSpace } from './scratch';

/**
 * POST /api/maps/<id>/links/<role>: an editor replaces a link that was forwarded or leaked. The
 * old one then opens nothing, as if it never had (the answer any wrong token gets), and the
 * people on it are disconnected and told; everyone else carries on.
 */
const { tempDir, start, stop, providers } = scratchSpace('stallmap-replace-');

/** A stock client on `room` with `token`, destroyed after the test. */
function client(server: { url: string }, room: string, token: string, name?: string) {
  const opened = connect(`${server.url.replace('http', 'ws')}/sync`, room, token, new Y.Doc(), name);
  providers.push(opened.provider);
  return opened;
}

describe('replacing a link', () => {
  it('the old review link opens nothing, as a wrong token does; the new one opens the map to review; the others keep working', async () => {
    const server = await start(tempDir());
    const map = await createMap(server.url, { template: 'invoice-processing' });
    // Looked up once before, as a page opening the link does (the server may keep what it read).
    expect(await roleOf(server.url, map.id, map.tokens.review)).toBe('review');

    const tokens = await replaced(server.url, map.id, 'review', map.tokens.edit);
    expect(tokens.review).not.toBe(map.tokens.review);
    expect({ edit: tokens.edit, view: tokens.view }).toEqual({ edit: map.tokens.edit, view: map.tokens.view });

    expect(await roleOf(server.url, map.id, map.tokens.review)).toEqual(await roleOf(server.url, map.id, newToken()));
    expect(await roleOf(server.url, map.id, map.tokens.review)).toEqual(NOT_FOUND);
    const stale = client(server, map.id, map.tokens.review);
    expect(await refused(stale.provider)).toEqual({ code: 4403, reason: 'access denied' });

    expect(await roleOf(server.url, map.id, tokens.review)).toBe('review');
    expect(await roleOf(server.url, map.id, map.tokens.edit)).toBe('edit');
    expect(await roleOf(server.url, map.id, map.tokens.view)).toBe('view');
    // Any editor, from any browser, is handed the new one.
    expect(await handedOut(server.url, map.id, map.tokens.edit)).toEqual(tokens);
  });

  it('disconnects the pages open on the old link, saying so, and leaves everyone else connected', async () => {
    const server = await start(tempDir());
    const map = await createMap(server.url, {});
    const onMap = client(server, map.id, map.tokens.review);
    const onReview = client(server, `${map.id}/review`, map.tokens.review, 'Leader');
    const editor = client(server, map.id, map.tokens.edit);
    const viewer = client(server, map.id, map.tokens.view);
    await Promise.all([onMap, onReview, editor, viewer].map((c) => synced(c.provider)));

    const told = [refused(onMap.provider), refused(onReview.provider)];
    const tokens = await replaced(server.url, map.id, 'review', map.tokens.edit);
    for (const closed of await Promise.all(told)) expect(closed).toEqual({ code: 4410, reason: 'the review link was replaced' });

    // Whoever was not on it carries on: an edit reaches the view link's page and the new review link's.
    const newcomer = client(server, map.id, tokens.review);
    await synced(newcomer.provider);
    stepsOf(editor.doc).set('after', itemFromFields({ kind: 'human', label: 'After the replacement' }));
    await waitFor(() => stepsOf(viewer.doc).has('after') && stepsOf(newcomer.doc).has('after'), 5000, 'the edit to reach the pages still open');
    expect(editor.provider.wsconnected && viewer.provider.wsconnected).toBe(true);
    expect(stepsOf(onMap.doc).has('after')).toBe(false);
  });

  it('replacing the edit link: the old one can neither open, hand out nor replace links; the new one can all of it', async () => {
    const server = await start(tempDir());
    const map = await createMap(server.url, {});
    const editor = client(server, map.id, map.tokens.edit);
    await synced(editor.provider);
    const told = refused(editor.provider);

    const tokens = await replaced(server.url, map.id, 'edit', map.tokens.edit);
    expect(await told).toEqual({ code: 4410, reason: 'the edit link was replaced' });
    expect(tokens.edit).not.toBe(map.tokens.edit);
    expect(await roleOf(server.url, map.id, map.tokens.edit)).toEqual(NOT_FOUND);
    expect(await handedOut(server.url, map.id, map.tokens.edit)).toEqual(NOT_FOUND);
    expect(await replace(server.url, map.id, 'review', map.tokens.edit)).toMatchObject({ status: 404, body: NOT_FOUND.body });

    // The review and view links are unchanged, and sealed under the new edit link.
    expect(await handedOut(server.url, map.id, tokens.edit)).toEqual({ ...map.tokens, edit: tokens.edit });
    const again = await replaced(server.url, map.id, 'view', tokens.edit);
    expect(await roleOf(server.url, map.id, again.view)).toBe('view');
    expect(await roleOf(server.url, map.id, map.tokens.view)).toEqual(NOT_FOUND);
  });

  it('answers review and view tokens, wrong tokens and unknown maps with the one 404, and no token with 401', async () => {
    const server = await start(tempDir());
    const map = await createMap(server.url, {});
    const other = await createMap(server.url, {});
    for (const token of [map.tokens.review, map.tokens.view, newToken(), other.tokens.edit]) {
      expect(await replace(server.url, map.id, 'review', token)).toMatchObject({ status: 404, body: NOT_FOUND.body });
    }
    expect(await replace(server.url, 'NoSuchMap0000000', 'view', map.tokens.edit)).toMatchObject({ status: 404, body: NOT_FOUND.body });
    expect((await fetch(`${server.url}/api/maps/${map.id}/links/review`, { method: 'POST' })).status).toBe(401);
    // Nothing was replaced by any of them.
    expect(await handedOut(server.url, map.id, map.tokens.edit)).toEqual(map.tokens);
  });

  it('still opens with the replaced links after export-all and import-all, and never with the old ones', async () => {
    const dataDir = tempDir();
    let server = await start(dataDir);
    const map = await createMap(server.url, { template: 'invoice-processing' });
    const afterReview = await replaced(server.url, map.id, 'review', map.tokens.edit);
    const tokens = await replaced(server.url, map.id, 'edit', map.tokens.edit);
    expect(tokens.review).toBe(afterReview.review);
    await stop(server);
    const backup = join(tempDir(), 'backup');
    const quiet = { out: () => {}, err: () => {}, color: false };
    expect(await main(['export-all', backup, '--data', dataDir], quiet)).toBe(0);
    const restored = tempDir();
    expect(await main(['import-all', backup, '--data', restored], quiet)).toBe(0);
    server = await start(restored);
    expect(await handedOut(server.url, map.id, tokens.edit)).toEqual(tokens);
    for (const old of [map.tokens.edit, map.tokens.review]) expect(await roleOf(server.url, map.id, old)).toEqual(NOT_FOUND);
  });
});

describe('what replacing links may cost', () => {
  it('is bounded per address: past the hour’s allowance, 429 with Retry-After, and nothing is replaced', async () => {
    const server = await startTestServer({ addressLinkReplacementsPerHour: 2 });
    try {
      const map = await createMap(server.url, {});
      await replaced(server.url, map.id, 'view', map.tokens.edit);
      const second = await replaced(server.url, map.id, 'view', map.tokens.edit);
      const third = await replace(server.url, map.id, 'view', map.tokens.edit);
      expect(third.status).toBe(429);
      expect(Number(third.retryAfter)).toBeGreaterThan(0);
      expect(third.body.error).toMatch(/^too many links replaced from your address \(at most 2 an hour\); try again in \d+ s$/);
      expect(await roleOf(server.url, map.id, second.view)).toBe('view');
    } finally {
      await server.close();
    }
  });
});
