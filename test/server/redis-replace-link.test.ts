import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Role } from '../../server/maps/roles';
import { createMap, refused, synced } from './helpers';
import { handedOut, NOT_FOUND, replace, replaced, roleOf, tokenOf } from './link-calls';
import { type Cluster, startCluster } from './redis-cluster';

/**
 * Two server processes on one real Redis: a link replaced through one server is refused by the
 * other too (which had let it in a moment before), the sockets open on it there are closed, and
 * replacements made through both at once all hold: none brings a replaced link back.
 */
let cluster: Cluster;
beforeAll(async () => {
  cluster = await startCluster();
});
afterAll(async () => {
  await cluster?.close();
});

it('a link replaced on one server is refused on the other, and the sockets open on it there are closed', async () => {
  const [one, two] = cluster.servers;
  const map = await createMap(one.url, {});
  // Server two has let the link in already, over the API and on a socket.
  expect(await roleOf(two.url, map.id, map.tokens.review)).toBe('review');
  const reviewer = cluster.connect(two, map.id, map.tokens.review);
  const editor = cluster.connect(two, map.id, map.tokens.edit);
  await Promise.all([synced(reviewer.provider), synced(editor.provider)]);
  const told = refused(reviewer.provider);

  const tokens = await replaced(one.url, map.id, 'review', map.tokens.edit);
  expect(await told).toEqual({ code: 4410, reason: 'the review link was replaced' });
  expect(await roleOf(two.url, map.id, map.tokens.review)).toEqual(NOT_FOUND);
  const again = cluster.connect(two, map.id, map.tokens.review);
  expect(await refused(again.provider)).toEqual({ code: 4403, reason: 'access denied' });
  expect(await roleOf(two.url, map.id, tokens.review)).toBe('review');
  expect(editor.provider.wsconnected).toBe(true);
}, 60_000);

it('replacements made through both servers at once all hold: no replaced link comes back', async () => {
  const [one, two] = cluster.servers;
  const map = await createMap(one.url, {});
  const issued: Record<Role, string[]> = { edit: [map.tokens.edit], review: [map.tokens.review], view: [map.tokens.view] };
  for (let round = 0; round < 5; round += 1) {
    const [review, view] = await Promise.all([replaced(one.url, map.id, 'review', map.tokens.edit), replaced(two.url, map.id, 'view', map.tokens.edit)]);
    issued.review.push(review.review);
    issued.view.push(view.view);
  }
  const current = await handedOut(two.url, map.id, map.tokens.edit);
  expect(current).toEqual({ edit: map.tokens.edit, review: issued.review.at(-1), view: issued.view.at(-1) });
  for (const role of ['review', 'view'] as const) {
    for (const old of issued[role].slice(0, -1)) for (const server of [one, two]) expect(await roleOf(server.url, map.id, old)).toEqual(NOT_FOUND);
  }

  // The edit link replaced on one while the other replaces the review link with the old edit link.
  const [edit, review] = await Promise.all([replace(one.url, map.id, 'edit', map.tokens.edit), replace(two.url, map.id, 'review', map.tokens.edit)]);
  expect(edit.status).toBe(200);
  const newEdit = tokenOf(edit.body.links?.edit ?? '');
  for (const server of [one, two]) expect(await roleOf(server.url, map.id, map.tokens.edit)).toEqual(NOT_FOUND);
  const after = await handedOut(one.url, map.id, newEdit);
  // Either the review link was replaced first (and sealed again under the new edit link), or the old edit link was refused.
  if (review.status === 200) expect(after).toEqual({ edit: newEdit, review: tokenOf(review.body.links?.review ?? ''), view: issued.view.at(-1) });
  else expect(after).toEqual({ edit: newEdit, review: issued.review.at(-1), view: issued.view.at(-1) });
}, 60_000);
