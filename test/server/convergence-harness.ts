import fc from 'fast-check';
import { expect } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { createCommands } from '../../src/collab/commands';
import { readMap } from '../../src/collab/doc';
import type { Undo } from '../../src/collab/undo';
import { parseMap, type StallMap, type StepKind } from '../../src/core/model';
import { getMap, sleep, synced, type TestServer, waitFor } from './helpers';

/**
 * What the convergence properties share (convergence.test.ts, redesign-convergence.test.ts): the
 * edits people make through the page's own commands, partitions, and the check that everyone,
 * once reconnected, holds the same map as the server.
 */

const KINDS: StepKind[] = ['human', 'ai', 'system', 'approval', 'verification', 'handoff', 'end'];

/** An edit to the steps and joins a person sees. */
export type Edit =
  | { op: 'add'; kind: StepKind; x: number; y: number }
  | { op: 'delete' | 'unlink'; pick: number }
  | { op: 'move'; pick: number; x: number; y: number }
  | { op: 'relabel'; pick: number; label: string }
  | { op: 'connect'; pick: number; other: number };

/** Undo and redo, a provider cut off (its person keeps editing) and reconnected, a pause. */
export type Session = { op: 'undo' | 'redo' | 'partition' | 'heal' } | { op: 'sleep'; ms: number };

const coordinate = fc.integer({ min: -2000, max: 2000 });
export const pick = fc.nat();

/** Arbitraries of each edit, weighted, with `extra` fields (e.g. the state it is made in) on each. */
export function edits<X extends object>(extra: { [K in keyof X]: fc.Arbitrary<X[K]> }): fc.WeightedArbitrary<Edit & X>[] {
  const weighted = <T,>(weight: number, fields: { [K in keyof T]: fc.Arbitrary<T[K]> }) =>
    ({ weight, arbitrary: fc.record({ ...fields, ...extra }) }) as unknown as fc.WeightedArbitrary<Edit & X>;
  return [
    weighted(4, { op: fc.constant('add' as const), kind: fc.constantFrom(...KINDS), x: coordinate, y: coordinate }),
    weighted(2, { op: fc.constantFrom('delete' as const, 'unlink' as const), pick }),
    weighted(3, { op: fc.constant('move' as const), pick, x: coordinate, y: coordinate }),
    weighted(2, { op: fc.constant('relabel' as const), pick, label: fc.string({ minLength: 1, maxLength: 30 }) }),
    weighted(3, { op: fc.constant('connect' as const), pick, other: pick }),
  ];
}

/** Arbitraries of undo, redo, partitions and pauses, weighted. */
export const sessions: fc.WeightedArbitrary<Session>[] = [
  { weight: 2, arbitrary: fc.record({ op: fc.constantFrom('undo' as const, 'redo' as const) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constantFrom('partition' as const, 'heal' as const) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('sleep' as const), ms: fc.integer({ min: 0, max: 25 }) }) },
];

/** Who (of three) does what, in order. */
export const scriptOf = <A,>(action: fc.Arbitrary<A>) => fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), action), { minLength: 10, maxLength: 60 });

/** One person: a stock provider, the page's commands and undo. */
export interface Person {
  doc: Y.Doc;
  provider: WebsocketProvider;
  undo: Undo;
  commands: ReturnType<typeof createCommands>;
}

export const choose = (list: string[], n: number) => (list.length === 0 ? undefined : list[n % list.length]);

/** The ids of a state's steps or joins, sorted: what a pick chooses from. */
export const idsOf = (items: { keys(): IterableIterator<string> }) => [...items.keys()].sort();

const EDIT_OPS: ReadonlySet<string> = new Set<Edit['op']>(['add', 'delete', 'unlink', 'move', 'relabel', 'connect']);
export const isEdit = (a: { op: string }): a is Edit => EDIT_OPS.has(a.op);

/** An edit by `p` on the steps and joins (ids, sorted) of the state its commands aim at. */
export function performEdit(p: Person, a: Edit, steps: string[], joins: string[]): undefined {
  switch (a.op) {
    case 'add':
      return void p.commands.addStep(a.kind, { x: a.x, y: a.y });
    case 'delete':
      return void p.commands.deleteElements([choose([...steps, ...joins], a.pick) ?? '']);
    case 'unlink':
      return void p.commands.deleteElements([choose(joins, a.pick) ?? '']);
    case 'move': {
      const id = choose(steps, a.pick);
      return void (id && p.commands.moveSteps({ [id]: { x: a.x, y: a.y } }));
    }
    case 'relabel': {
      const id = choose(steps, a.pick);
      return void (id && p.commands.updateStep(id, { label: a.label }));
    }
    case 'connect': {
      const [from, to] = [choose(steps, a.pick), choose(steps, a.other)];
      return void (from && to && from !== to && p.commands.connect(from, to));
    }
  }
}

export function performSession(p: Person, a: Session): Promise<unknown> | undefined {
  switch (a.op) {
    case 'undo':
      return void p.undo.undo();
    case 'redo':
      return void p.undo.redo();
    case 'partition':
      return void p.provider.disconnect();
    case 'heal':
      return void p.provider.connect();
    case 'sleep':
      return sleep(a.ms);
  }
}

const sameVector = (a: Y.Doc, b: Y.Doc) => Buffer.from(Y.encodeStateVector(a)).equals(Buffer.from(Y.encodeStateVector(b)));

/**
 * Runs `actions` by `people` (connected, all synced first), reconnects everyone, and checks that
 * all hold the same map, that it passes the schema, that `check` holds of them and the agreed
 * map, and that the server holds it too. The people are destroyed whatever happens.
 */
export async function expectConvergence<P extends Person, A>(
  server: TestServer,
  map: { id: string; tokens: { view: string } },
  people: P[],
  actions: readonly [number, A][],
  perform: (p: P, a: A) => unknown,
  check: (people: P[], agreed: StallMap) => void = () => undefined,
): Promise<void> {
  try {
    await Promise.all(people.map((p) => synced(p.provider)));
    for (const [who, a] of actions) await perform(people[who], a);
    for (const p of people) if (!p.provider.shouldConnect) p.provider.connect();
    // Equal state vectors are not enough: deletions do not advance them, and may still be on their way.
    const text = (p: P) => JSON.stringify(readMap(p.doc).map);
    const same = () => people.every((p) => text(p) === text(people[0]));
    const converged = () => people.every((p) => p.provider.synced && sameVector(people[0].doc, p.doc)) && same();
    await waitFor(converged, 15_000, 'the clients to converge').catch(() => undefined);
    const maps = people.map((p) => readMap(p.doc).map);
    for (const other of maps.slice(1)) expect(other).toEqual(maps[0]);
    const checked = parseMap(maps[0]);
    expect(checked.ok ? [] : checked.errors).toEqual([]);
    check(people, maps[0]);
    await waitFor(async () => JSON.stringify((await getMap(server.url, map.id, map.tokens.view)).body) === JSON.stringify(maps[0]), 10_000, 'the server to hold the same map');
  } finally {
    for (const p of people) {
      p.undo.destroy();
      p.provider.destroy();
    }
  }
}
