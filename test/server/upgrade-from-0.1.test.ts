import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { commentsOf, itemFromFields, joinsOf, readMap, stepsOf } from '../../src/collab/doc';
import { analyze } from '../../src/core/analyzer';
import type { StallMap } from '../../src/core/model';
import { main } from '../../server/cli/main';
import type { Role } from '../../server/maps/roles';
import { connect, getMap, sleep, synced, waitFor } from './helpers';
import { scratchSpace, type Started } from './scratch';

/**
 * A team upgrades from 0.1.0: they stop that server and start this one on the same data
 * directory. The fixture is a data directory 0.1.0 wrote (test/fixtures/release-0.1.0/README.md):
 * two maps, review data written through their review links, an edit, and writes the server
 * dropped; `maps.json` holds the tokens of their links and each map as 0.1.0 served it.
 */
const FIXTURE = fileURLToPath(new URL('../fixtures/release-0.1.0/', import.meta.url));

interface FixtureMap {
  id: string;
  tokens: Record<Role, string>;
  map: StallMap;
  analysis: { findings: number; open: number; waived: string[] };
}

const maps: Record<'template' | 'imported', FixtureMap> = JSON.parse(readFileSync(join(FIXTURE, 'maps.json'), 'utf8'));
const ROLES: Role[] = ['edit', 'review', 'view'];
const { tempDir, start, stop, providers } = scratchSpace('stallmap-upgrade-');

/** A copy of the fixture's data directory to run on: the fixture itself is never written. */
function oldDataDir(): string {
  const dir = tempDir();
  cpSync(join(FIXTURE, 'data-dir'), dir, { recursive: true });
  return dir;
}

/**
 * What 0.1.0 served, as this release serves it: in format version 2 (a version 1 map is a valid
 * version 2 map) and under the map's own id (0.1.0 answered with the id the file or the template
 * had, which every map made from it shared).
 */
const asServedNow = (fixture: FixtureMap): StallMap => ({ ...fixture.map, version: 2, id: fixture.id });

const get = (url: string, path: string, token: string) => fetch(`${url}${path}`, { headers: { Authorization: `Bearer ${token}` } });

/** Both rooms of a map through the stock y-websocket client, with one link; closed after the test. */
async function openRooms(started: Started, fixture: FixtureMap, role: Role, name?: string) {
  const syncUrl = `${started.url.replace('http', 'ws')}/sync`;
  const map = connect(syncUrl, fixture.id, fixture.tokens[role], new Y.Doc(), name);
  const review = connect(syncUrl, `${fixture.id}/review`, fixture.tokens[role], new Y.Doc(), name);
  providers.push(map.provider, review.provider);
  await Promise.all([synced(map.provider), synced(review.provider)]);
  return { map: map.doc, review: review.doc };
}

async function stallmap(...args: string[]): Promise<number> {
  return main(args, { out: () => {}, err: () => {}, color: false });
}

describe('upgrading from 0.1.0 on the same data directory', () => {
  it('starts without a warning, and every map opens through each of its old links as 0.1.0 served it', async () => {
    const started = await start(oldDataDir());
    const level = (line: string) => line.split(' ')[1];
    expect(started.logs.filter((line) => level(line) !== 'info')).toEqual([]);
    for (const fixture of Object.values(maps)) {
      for (const role of ROLES) {
        const { status, body } = await getMap(started.url, fixture.id, fixture.tokens[role]);
        expect(status, `${fixture.map.title}, ${role} link`).toBe(200);
        expect(body).toEqual(asServedNow(fixture));
        const answer = await get(started.url, `/api/maps/${fixture.id}/role`, fixture.tokens[role]);
        expect(((await answer.json()) as { role: string }).role).toBe(role);
      }
    }
    const health = await fetch(`${started.url}/healthz`);
    expect(health.status).toBe(200);
  });

  it("keeps the comments, replies, resolved threads and waivers the team wrote, and the waivers still waive their findings", async () => {
    const started = await start(oldDataDir());
    for (const fixture of Object.values(maps)) {
      const { body } = await getMap(started.url, fixture.id, fixture.tokens.view);
      const served = body as unknown as StallMap;
      expect(served.comments.length).toBeGreaterThanOrEqual(3);
      expect(served.comments.some((c) => c.replyTo !== undefined)).toBe(true);
      expect(served.comments.some((c) => c.resolved)).toBe(true);
      const analysis = (await (await get(started.url, `/api/maps/${fixture.id}/analysis`, fixture.tokens.view)).json()) as ReturnType<typeof analyze>;
      // The numbers are this release's analyzer's on the same map file, and nothing waived came open again.
      expect(analysis).toEqual(JSON.parse(JSON.stringify(analyze(served))));
      expect(analysis.findings.filter((f) => f.waived).map((f) => `${f.rule}|${f.targets[0]}`)).toEqual(fixture.analysis.waived);
      expect(analysis.waivers).toEqual({ refused: [], stale: [] });
    }
  });

  it('a stock y-websocket client reads each map through its old view link as the API serves it', async () => {
    const started = await start(oldDataDir());
    for (const fixture of Object.values(maps)) {
      const rooms = await openRooms(started, fixture, 'view');
      const read = readMap(rooms.map, rooms.review, fixture.id);
      expect(read.skipped).toEqual([]);
      expect(read.map).toEqual(asServedNow(fixture));
    }
  });

  it("the old review link comments in its own name and edits its own thread, but does not draw or rewrite another's comment; the view link writes nothing", async () => {
    const started = await start(oldDataDir());
    const fixture = maps.template;
    const dana = await openRooms(started, fixture, 'review', 'Dana Reviewer');
    const comments = commentsOf(dana.review);
    const danasThread = fixture.map.comments.find((c) => c.author === 'Dana Reviewer' && c.resolved);
    const samsReply = fixture.map.comments.find((c) => c.author === 'Sam Reviewer');
    if (!danasThread || !samsReply) throw new Error('the fixture has a thread of Dana’s with a reply of Sam’s');
    comments.set('c-after-upgrade', { id: 'c-after-upgrade', target: 'chk', author: 'Dana Reviewer', text: 'Still sampling?', at: '2026-03-01T09:00:00.000Z' });
    comments.set(danasThread.id, { ...danasThread, resolved: undefined });
    comments.set(samsReply.id, { ...samsReply, text: 'Rewritten by Dana' });
    stepsOf(dana.map).set('drawn-after-upgrade', itemFromFields({ kind: 'human', label: 'Drawn by a review link' }));
    const viewer = await openRooms(started, fixture, 'view', 'Viewer');
    commentsOf(viewer.review).set('c-viewer', { id: 'c-viewer', target: 'chk', author: 'Viewer', text: 'Written by a view link', at: '2026-03-01T09:00:00.000Z' });

    await waitFor(async () => (await getMap(started.url, fixture.id, fixture.tokens.edit)).body.comments.length === fixture.map.comments.length + 1, 5000, 'the new comment');
    await sleep(200);
    const after = (await getMap(started.url, fixture.id, fixture.tokens.edit)).body as unknown as StallMap;
    expect(after.comments.find((c) => c.id === 'c-after-upgrade')?.author).toBe('Dana Reviewer');
    expect(after.comments.find((c) => c.id === danasThread.id)?.resolved).toBeUndefined();
    expect(after.comments.find((c) => c.id === samsReply.id)).toEqual(samsReply);
    expect(after.comments.some((c) => c.id === 'c-viewer')).toBe(false);
    expect(after.steps).toEqual(fixture.map.steps);
  });

  it('the old edit link draws, and what it drew is there after a restart', async () => {
    const dataDir = oldDataDir();
    let started = await start(dataDir);
    const fixture = maps.template;
    const editor = await openRooms(started, fixture, 'edit', 'Facilitator');
    editor.map.transact(() => {
      stepsOf(editor.map).set('after-upgrade', itemFromFields({ kind: 'ai', label: 'Drafted after the upgrade', owner: 'Legal Ops lead' }));
      joinsOf(editor.map).set('j-after-upgrade', itemFromFields({ from: 'escalate', to: 'after-upgrade', handoff: 'system' }));
      stepsOf(editor.map).get('escalate')?.set('label', 'Escalate to the General Counsel');
    });
    await waitFor(async () => (await getMap(started.url, fixture.id, fixture.tokens.view)).body.steps.length === fixture.map.steps.length + 1, 5000, 'the new step');
    for (const provider of providers.splice(0)) provider.destroy();
    await stop(started);
    started = await start(dataDir);
    const after = (await getMap(started.url, fixture.id, fixture.tokens.review)).body as unknown as StallMap;
    expect(after.steps.find((s) => s.id === 'after-upgrade')?.label).toBe('Drafted after the upgrade');
    expect(after.steps.find((s) => s.id === 'escalate')?.label).toBe('Escalate to the General Counsel');
    expect(after.joins.some((j) => j.id === 'j-after-upgrade')).toBe(true);
    expect(after.comments).toEqual(fixture.map.comments);
  });

  it("a copy of 0.1.0's data directory (its only backup) restores through export-all and import-all, old links included", async () => {
    const backup = join(tempDir(), 'backup');
    const restored = tempDir();
    expect(await stallmap('export-all', backup, '--data', oldDataDir())).toBe(0);
    expect(await stallmap('import-all', backup, '--data', restored)).toBe(0);
    const started = await start(restored);
    for (const fixture of Object.values(maps)) {
      for (const role of ROLES) {
        const { status, body } = await getMap(started.url, fixture.id, fixture.tokens[role]);
        expect(status).toBe(200);
        expect(body).toEqual(asServedNow(fixture));
      }
    }
  });

  it('an editor of a map 0.1.0 made gets new review and view links, which any editor can fetch from then on; the old ones stop working', async () => {
    const started = await start(oldDataDir());
    const fixture = maps.template;
    const links = (token: string) => get(started.url, `/api/maps/${fixture.id}/links`, token);
    // 0.1.0 kept the review and view tokens nowhere the server can read them.
    const before = await links(fixture.tokens.edit);
    expect(before.status).toBe(409);
    expect(((await before.json()) as { error: string }).error).toContain('make new ones');

    const made = await fetch(`${started.url}/api/maps/${fixture.id}/links/review`, { method: 'POST', headers: { Authorization: `Bearer ${fixture.tokens.edit}` } });
    expect(made.status).toBe(200);
    const answer = (await made.json()) as { links: Record<Role, string>; replaced: Role[] };
    expect(answer.replaced).toEqual(['review', 'view']);
    const tokenOf = (link: string) => new URL(link).hash.replace('#token=', '');
    expect(tokenOf(answer.links.edit)).toBe(fixture.tokens.edit);
    for (const role of ['review', 'view'] as const) {
      expect(tokenOf(answer.links[role])).not.toBe(fixture.tokens[role]);
      expect((await getMap(started.url, fixture.id, fixture.tokens[role])).status).toBe(404);
      expect((await getMap(started.url, fixture.id, tokenOf(answer.links[role]))).status).toBe(200);
    }
    const after = await links(fixture.tokens.edit);
    expect(after.status).toBe(200);
    expect(((await after.json()) as { links: Record<Role, string> }).links).toEqual(answer.links);
  });
});
