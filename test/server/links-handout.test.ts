import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../server/cli/main';
import { openLinks, sealLinks } from '../../server/maps/sealed-links';
import { newToken } from '../../server/maps/tokens';
import { openLeveldbStore } from '../../server/storage/leveldb';
import { createMap, type CreatedMap } from './helpers';
import { scratchSpace } from './scratch';

/**
 * GET /api/maps/<id>/links: any editor is handed the review and view links, from any browser,
 * with the edit token alone; every other token gets the 404 every route gives; and the data
 * directory (and a backup of it) still holds no usable token.
 */
const { tempDir, start, stop } = scratchSpace('stallmap-handout-');

async function links(url: string, id: string, token: string) {
  const res = await fetch(`${url}/api/maps/${id}/links`, { headers: { Authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as { links?: Record<string, string>; error?: string; code?: string } };
}

async function roleOf(url: string, id: string, token: string): Promise<string | undefined> {
  const res = await fetch(`${url}/api/maps/${id}/role`, { headers: { Authorization: `Bearer ${token}` } });
  return res.ok ? ((await res.json()) as { role: string }).role : undefined;
}

const tokenOf = (link: string) => new URL(link).hash.replace('#token=', '');

/** Every file under a directory, as bytes. */
function filesUnder(dir: string): Buffer[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [readFileSync(path)];
  });
}

async function stallmap(...args: string[]): Promise<number> {
  return main(args, { out: () => {}, err: () => {}, color: false });
}

describe('handing out the links to an editor', () => {
  it('an edit token gets all three links, and the review and view links open the map with their roles', async () => {
    const server = await start(tempDir());
    const map = await createMap(server.url, { template: 'invoice-processing' });
    const answer = await links(server.url, map.id, map.tokens.edit);
    expect(answer.status).toBe(200);
    expect(answer.body.links).toEqual(map.links);
    for (const role of ['edit', 'review', 'view'] as const) expect(await roleOf(server.url, map.id, tokenOf(answer.body.links?.[role] ?? ''))).toBe(role);
  });

  it('a review or view token, a wrong token and an unknown map get the same 404', async () => {
    const server = await start(tempDir());
    const map = await createMap(server.url, {});
    const other = await createMap(server.url, {});
    const refusals = [
      await links(server.url, map.id, map.tokens.review),
      await links(server.url, map.id, map.tokens.view),
      await links(server.url, map.id, newToken()),
      await links(server.url, map.id, other.tokens.edit),
      await links(server.url, 'NoSuchMap0000000', map.tokens.edit),
    ];
    for (const refusal of refusals) expect(refusal).toEqual({ status: 404, body: { error: 'no such map, or not with this token' } });
    expect((await fetch(`${server.url}/api/maps/${map.id}/links`)).status).toBe(401);
  });

  it('keeps no token in plain text in the data directory', async () => {
    const dataDir = tempDir();
    const server = await start(dataDir);
    const maps: CreatedMap[] = [await createMap(server.url, {}), await createMap(server.url, { template: 'invoice-processing' })];
    expect((await links(server.url, maps[0].id, maps[0].tokens.edit)).status).toBe(200);
    await stop(server);
    const files = filesUnder(dataDir);
    expect(files.length).toBeGreaterThan(0);
    for (const map of maps) {
      for (const token of Object.values(map.tokens)) expect(files.some((bytes) => bytes.includes(token))).toBe(false);
    }
  });

  it('says plainly when a map was created before links were kept, to its editors only', async () => {
    const dataDir = tempDir();
    let server = await start(dataDir);
    const map = await createMap(server.url, {});
    await stop(server);
    // A map as this server stored them before: its access record without the sealed links.
    const store = await openLeveldbStore(dataDir);
    try {
      const { links: _sealed, ...older } = (await store.getRecord(map.id, 'access')) as Record<string, unknown>;
      await store.setRecord(map.id, 'access', older);
    } finally {
      await store.close();
    }
    server = await start(dataDir);
    const answer = await links(server.url, map.id, map.tokens.edit);
    expect(answer.status).toBe(409);
    expect(answer.body.code).toBe('links-unavailable');
    expect(answer.body.error).toMatch(/^this map was created before links could be handed out again; /);
    expect(await links(server.url, map.id, map.tokens.review)).toEqual({ status: 404, body: { error: 'no such map, or not with this token' } });
    expect(await roleOf(server.url, map.id, map.tokens.edit)).toBe('edit');
  });

  it('still hands out the links after export-all and import-all', async () => {
    const dataDir = tempDir();
    let server = await start(dataDir);
    const map = await createMap(server.url, { template: 'invoice-processing' });
    await stop(server);
    const backup = join(tempDir(), 'backup');
    expect(await stallmap('export-all', backup, '--data', dataDir)).toBe(0);
    const restored = tempDir();
    expect(await stallmap('import-all', backup, '--data', restored)).toBe(0);
    server = await start(restored);
    const answer = await links(server.url, map.id, map.tokens.edit);
    expect(answer.status).toBe(200);
    // Another server, on another port: the same tokens.
    const handed = answer.body.links ?? {};
    expect({ edit: tokenOf(handed.edit), review: tokenOf(handed.review), view: tokenOf(handed.view) }).toEqual(map.tokens);
    // Nor does the backup hold a token in plain text.
    for (const token of Object.values(map.tokens)) expect(filesUnder(backup).some((bytes) => bytes.includes(token))).toBe(false);
  });

  it('seals the tokens so that only this map and its edit token open them', () => {
    const edit = newToken();
    const tokens = { review: newToken(), view: newToken() };
    const sealed = sealLinks('map-one', edit, tokens);
    expect(openLinks('map-one', edit, sealed)).toEqual(tokens);
    expect(openLinks('map-one', newToken(), sealed)).toBeUndefined();
    expect(openLinks('map-two', edit, sealed)).toBeUndefined();
    const flipped = Buffer.from(sealed.data, 'base64url');
    flipped[0] ^= 1;
    expect(openLinks('map-one', edit, { ...sealed, data: flipped.toString('base64url') })).toBeUndefined();
  });
});
