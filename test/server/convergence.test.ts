import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCommands } from '../../src/collab/commands';
import { joinsOf, readMap, stepsOf } from '../../src/collab/doc';
import { createUndoManager } from '../../src/collab/undo';
import { type Edit, edits, expectConvergence, idsOf, isEdit, type Person, performEdit, performSession, type Session, scriptOf, sessions } from './convergence-harness';
import { connect, createMap, startTestServer, type TestServer } from './helpers';

/**
 * Convergence, as a property: three stock clients edit one map at once through the page's own
 * commands and undo, through random partitions (a provider disconnected while its person keeps
 * editing) and reconnects. Once all are connected again, the three and the server hold the same
 * map, and it passes the schema (joins left dangling by concurrent deletes are set aside by the
 * reader). Seeded (FUZZ_SEED=n replays); each run is a new map on one server.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 3);
const RUNS = Number(process.env.CONVERGENCE_RUNS ?? 25);

const script = scriptOf<Edit | Session>(fc.oneof(...edits({}), ...sessions));
const start = {
  format: 'stallmap/map',
  version: 1,
  id: 'convergence',
  title: 'Convergence',
  steps: [
    { id: 'in', kind: 'start', label: 'Begin', position: { x: 0, y: 0 } },
    { id: 'work', kind: 'human', label: 'Work', owner: 'Ann', position: { x: 200, y: 0 } },
    { id: 'out', kind: 'end', label: 'Done', position: { x: 400, y: 0 } },
  ],
  joins: [
    { id: 'j1', from: 'in', to: 'work', handoff: 'manual' },
    { id: 'j2', from: 'work', to: 'out', handoff: 'system' },
  ],
};

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

function person(mapId: string, token: string): Person {
  const { doc, provider } = connect(server.syncUrl, mapId, token);
  const undo = createUndoManager(doc);
  return { doc, provider, undo, commands: createCommands(doc, undo) };
}

function perform(p: Person, a: Edit | Session) {
  return isEdit(a) ? performEdit(p, a, idsOf(stepsOf(p.doc)), idsOf(joinsOf(p.doc))) : performSession(p, a);
}

it('three clients editing through partitions converge with the server on a map that passes the schema', async () => {
  let runs = 0;
  let dangling = 0;
  await fc.assert(
    fc.asyncProperty(script, async (actions) => {
      runs += 1;
      const map = await createMap(server.url, start);
      const people = [0, 1, 2].map(() => person(map.id, map.tokens.edit));
      await expectConvergence(server, map, people, actions, perform, () => {
        if (readMap(people[0].doc).skipped.some((item) => item.kind === 'join')) dangling += 1;
      });
    }),
    { seed: SEED, numRuns: RUNS, endOnFailure: true },
  );
  expect(runs).toBe(RUNS);
  console.log(`convergence: ${runs} runs, ${dangling} with joins left dangling by concurrent deletes`);
  expect(server.logs.filter((line) => / error /.test(line))).toEqual([]);
});
