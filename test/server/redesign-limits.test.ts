import { afterEach, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { createCommands } from '../../src/collab/commands';
import { redesignJoinsOf, redesignStepsOf, stepsOf } from '../../src/collab/doc';
import { createRedesignCommands } from '../../src/collab/redesignCommands';
import type { ServerOptions } from '../../server/app';
import { type CreatedMap, connect, createMap, getMap, refused, startTestServer, synced, type TestServer, waitFor } from './helpers';

/**
 * The server's size limits count both states of a map: today's steps and joins and the
 * redesign's together, and the whole doc's bytes. A redesign that would take the map past a
 * limit is refused as a map past it is (4413 to the writer, one log line, nothing stored or
 * relayed), whether it grows one element at a time or arrives whole as a started redesign.
 * (limits.test.ts covers the redesign's steps one at a time, and an import of too many steps.)
 */

let server: TestServer;
const providers: WebsocketProvider[] = [];

afterEach(async () => {
  for (const provider of providers.splice(0)) provider.destroy();
  await server.close();
});

async function setUp(options: ServerOptions, body: unknown): Promise<CreatedMap> {
  server = await startTestServer(options);
  return createMap(server.url, body);
}

/** An editor's page: a stock provider with the page's commands (on the redesign) and redesign commands. */
async function editor(map: CreatedMap) {
  const { doc, provider } = connect(server.syncUrl, map.id, map.tokens.edit);
  providers.push(provider);
  await synced(provider);
  return { doc, provider, commands: createCommands(doc, undefined, undefined, () => 'redesign'), redesign: createRedesignCommands(doc) };
}

const stored = async (map: CreatedMap) => (await getMap(server.url, map.id, map.tokens.view)).body as unknown as Record<string, unknown> & {
  steps: { id: string }[];
  joins: { id: string }[];
  redesign?: { steps: { id: string }[]; joins: { id: string }[] };
};
const tooLarge = () => server.logs.filter((line) => line.includes(' sync.map-too-large '));

/** start → work → end, with `notes` on the work step (to make the map as many bytes as a test needs). */
function line(notes?: string) {
  return {
    format: 'stallmap/map',
    version: 2,
    id: 'limits',
    title: 'Limits',
    steps: [
      { id: 'in', kind: 'start', label: 'Begin' },
      { id: 'work', kind: 'human', label: 'Work', owner: 'Ann', ...(notes ? { notes } : {}) },
      { id: 'out', kind: 'end', label: 'Done' },
    ],
    joins: [
      { id: 'j1', from: 'in', to: 'work', handoff: 'manual' },
      { id: 'j2', from: 'work', to: 'out', handoff: 'manual' },
    ],
  };
}

describe('a redesign against the map’s limits', () => {
  it('refuses starting a redesign whose copy takes the steps past maxSteps; today’s map carries on', async () => {
    const map = await setUp({ maxSteps: 5 }, line());
    const ann = await editor(map);
    const closed = refused(ann.provider);
    ann.redesign.startRedesign(); // 3 steps now + 3 copied = 6
    expect(await closed).toEqual({ code: 4413, reason: expect.stringMatching(/^map too large: 6 steps \(at most 5\)/) });
    expect(tooLarge()).toHaveLength(1);
    expect((await stored(map)).redesign).toBeUndefined();
    // Someone else still edits today's state.
    const bob = await editor(map);
    stepsOf(bob.doc).get('work')?.set('label', 'Work, renamed');
    await waitFor(async () => (await stored(map)).steps.some((s) => s.id === 'work'), 5000, 'the map');
    await waitFor(async () => JSON.stringify(await stored(map)).includes('Work, renamed'), 5000, 'the rename');
    expect(redesignStepsOf(bob.doc).size).toBe(0);
  });

  it('counts the redesign’s joins with today’s: the join past maxJoins is refused, wherever it is drawn', async () => {
    // 2 joins now + 2 in the redesign = 4: at the limit.
    const map = await setUp({ maxJoins: 4 }, line());
    const ann = await editor(map);
    ann.redesign.startRedesign();
    await waitFor(async () => (await stored(map)).redesign?.joins.length === 2, 5000, 'the started redesign');
    const closed = refused(ann.provider);
    expect(ann.commands.connect('in', 'out')).toBeDefined(); // drawn in the redesign: the fifth join
    expect(await closed).toEqual({ code: 4413, reason: expect.stringMatching(/^map too large: 5 joins \(at most 4\)/) });
    const after = await stored(map);
    expect(after.redesign?.joins.map((j) => j.id)).toEqual(['j1', 'j2']);
    expect(after.joins.map((j) => j.id)).toEqual(['j1', 'j2']);
    expect(tooLarge()).toHaveLength(1);
  });

  it('counts the redesign’s bytes with today’s: a map that fits is refused its copy past maxDocBytes', async () => {
    // About 5 KiB of notes: the map fits in 8 KiB, the map and its copy do not.
    const map = await setUp({ maxDocBytes: 8 * 1024 }, line('w'.repeat(4900)));
    const ann = await editor(map);
    const closed = refused(ann.provider);
    ann.redesign.startRedesign();
    expect(await closed).toEqual({ code: 4413, reason: expect.stringMatching(/^map too large: \d+ bytes \(at most 8192\)/) });
    expect((await stored(map)).redesign).toBeUndefined();
    expect(redesignJoinsOf(ann.doc).size).toBe(2); // the refused page still holds its copy; the server does not
  });

  it('answers an import whose redesign takes the joins past maxJoins with 413, as a map past it', async () => {
    server = await startTestServer({ maxJoins: 3 });
    const body = line();
    const post = (map: unknown) => fetch(`${server.url}/api/maps`, { method: 'POST', body: JSON.stringify(map), headers: { 'Content-Type': 'application/json' } });
    expect((await post(body)).status).toBe(201);
    const res = await post({ ...body, redesign: { steps: body.steps, joins: body.joins } });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: string }).error).toMatch(/4 joins .*now and redesigned together.*at most .*3/);
    expect(server.logs.some((l) => l.includes(' http.limit ') && l.includes('joins=4'))).toBe(true);
  });
});
