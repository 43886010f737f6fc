import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createCommands } from '../../src/collab/commands';
import { commentsOf, joinsOf, metaOf, readMap, redesignJoinsOf, redesignStepsOf, stepsOf, waiversOf, writeMap } from '../../src/collab/doc';
import { DocMirror } from '../../src/collab/docMirror';
import { createUndoManager } from '../../src/collab/undo';
import { STEP_KINDS, type StallMap, type StepKind } from '../../src/core/model';
import { loadFixture } from '../fixtures/load';

/**
 * The store's map is kept from the docs' events (DocMirror) instead of read again on each frame.
 * Whatever happens to the docs (edits of either state, here or from another person, undo and
 * redo, a whole map replaced, garbage from the network), it must be what a fresh readMap reads,
 * skipped items included, and a step or join whose content did not change keeps its object.
 */

type Who = 'local' | 'remote';
type Op =
  | { op: 'add'; who: Who; redesign: boolean; kind: StepKind; x: number }
  | { op: 'edit'; who: Who; redesign: boolean; pick: number; label: string; kind?: StepKind; verifies: number[] }
  | { op: 'move'; who: Who; redesign: boolean; pick: number; x: number }
  | { op: 'connect'; who: Who; redesign: boolean; from: number; to: number }
  | { op: 'editJoin'; who: Who; redesign: boolean; pick: number; wait: number }
  | { op: 'delete'; who: Who; redesign: boolean; picks: number[] }
  | { op: 'duplicate'; who: Who; redesign: boolean; picks: number[] }
  | { op: 'garbage'; where: 'step' | 'join' | 'field' | 'nested' | 'meta' | 'review' | 'badJoin'; pick: number }
  | { op: 'undo' }
  | { op: 'redo' }
  | { op: 'replace'; redesign: boolean }
  | { op: 'title'; title: string }
  | { op: 'comment'; pick: number; text: string };

const who = fc.constantFrom<Who>('local', 'remote');
const kind = fc.constantFrom(...STEP_KINDS);
const pick = fc.nat(40);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('add' as const), who, redesign: fc.boolean(), kind, x: fc.integer({ min: -500, max: 500 }) }) },
  {
    weight: 4,
    arbitrary: fc.record({ op: fc.constant('edit' as const), who, redesign: fc.boolean(), pick, label: fc.string({ maxLength: 6 }), kind: fc.option(kind, { nil: undefined }), verifies: fc.array(pick, { maxLength: 2 }) }),
  },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('move' as const), who, redesign: fc.boolean(), pick, x: fc.integer({ min: -500, max: 500 }) }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('connect' as const), who, redesign: fc.boolean(), from: pick, to: pick }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('editJoin' as const), who, redesign: fc.boolean(), pick, wait: fc.nat(100) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), who, redesign: fc.boolean(), picks: fc.array(pick, { minLength: 1, maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('duplicate' as const), who, redesign: fc.boolean(), picks: fc.array(pick, { minLength: 1, maxLength: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('garbage' as const), where: fc.constantFrom('step', 'join', 'field', 'nested', 'meta', 'review', 'badJoin'), pick }) },
  { weight: 2, arbitrary: fc.constant({ op: 'undo' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'redo' as const }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('replace' as const), redesign: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('title' as const), title: fc.string({ maxLength: 4 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('comment' as const), pick, text: fc.string({ maxLength: 4 }) }) },
);

/** Two people on one map, wired as the server would: every update of one reaches the other. */
function room() {
  const person = (name: string) => {
    const doc = new Y.Doc();
    const review = new Y.Doc();
    const undo = createUndoManager(doc);
    let redesign = false;
    const commands = createCommands(doc, undo, undefined, () => (redesign ? 'redesign' : 'now'));
    return { name, doc, review, undo, commands, on: (r: boolean) => (redesign = r) };
  };
  const local = person('local');
  const remote = person('remote');
  for (const [a, b] of [
    [local, remote],
    [remote, local],
  ]) {
    a.doc.on('update', (u: Uint8Array, origin: unknown) => origin !== 'wire' && Y.applyUpdate(b.doc, u, 'wire'));
    a.review.on('update', (u: Uint8Array, origin: unknown) => origin !== 'wire' && Y.applyUpdate(b.review, u, 'wire'));
  }
  return { local, remote };
}

const at = <T>(items: T[], n: number): T | undefined => (items.length ? items[n % items.length] : undefined);
const ids = (map: { keys(): IterableIterator<string> }) => [...map.keys()].sort();

function apply(people: ReturnType<typeof room>, op: Op): void {
  const { local } = people;
  if (op.op === 'undo') return void local.undo.undo();
  if (op.op === 'redo') return void local.undo.redo();
  if (op.op === 'title') return void local.commands.setMeta({ title: op.title || undefined });
  if (op.op === 'replace') {
    const fixture = loadFixture('contract-review');
    const map: StallMap = op.redesign ? { ...fixture, redesign: { steps: fixture.steps.slice(0, 3), joins: [] } } : fixture;
    return void local.commands.replaceMap(map);
  }
  if (op.op === 'comment') {
    const target = at(ids(stepsOf(local.doc)), op.pick) ?? 'map';
    return void commentsOf(local.review).set(`c${op.pick}`, { id: `c${op.pick}`, target, text: op.text || 'x', author: 'Ana', at: '2026-01-01T00:00:00Z' });
  }
  if (op.op === 'garbage') {
    const steps = stepsOf(people.remote.doc);
    const id = at(ids(steps), op.pick);
    // A field can be corrupted only in a step that is a map: an earlier garbage op may have made it a string.
    const item: unknown = id && steps.get(id);
    const fields = item instanceof Y.Map ? item : undefined;
    people.remote.doc.transact(() => {
      if (op.where === 'step') steps.set(`g${op.pick}`, 'not a step' as never);
      else if (op.where === 'join') joinsOf(people.remote.doc).set(`gj${op.pick}`, new Y.Map([['from', 1]]) as never);
      else if (op.where === 'badJoin') joinsOf(people.remote.doc).set(`bj${op.pick}`, new Y.Map<unknown>([['from', id ?? 'ghost'], ['to', 'ghost'], ['handoff', 'manual']]));
      else if (op.where === 'field') fields?.set('label', 42);
      else if (op.where === 'nested') fields?.set('notes', new Y.Map([['deep', new Y.Map()]]));
      else if (op.where === 'meta') metaOf(people.remote.doc).set('volumePerWeek', -op.pick);
      else if (op.where === 'review') waiversOf(people.remote.review).set(`w${op.pick}`, { rule: 42 });
    });
    return;
  }
  const person = people[op.who];
  person.on(op.redesign);
  try {
    edit(person, op);
  } finally {
    person.on(false);
  }
}

function edit(person: ReturnType<typeof room>['local'], op: Extract<Op, { who: Who }>): void {
  const steps = ids(op.redesign ? redesignStepsOf(person.doc) : stepsOf(person.doc));
  const joins = ids(op.redesign ? redesignJoinsOf(person.doc) : joinsOf(person.doc));
  if (op.op === 'add') person.commands.addStep(op.kind, { x: op.x, y: 0 });
  else if (op.op === 'edit') {
    const id = at(steps, op.pick);
    if (id) person.commands.updateStep(id, { label: op.label || undefined, kind: op.kind, verifies: op.verifies.length ? op.verifies.map((n) => at(steps, n) ?? 'ghost') : undefined });
  } else if (op.op === 'move') {
    const id = at(steps, op.pick);
    if (id) person.commands.moveSteps({ [id]: { x: op.x, y: op.x } });
  } else if (op.op === 'connect') {
    const from = at(steps, op.from);
    const to = at(steps, op.to);
    if (from && to) person.commands.connect(from, to);
  } else if (op.op === 'editJoin') {
    const id = at(joins, op.pick);
    if (id) person.commands.updateJoin(id, { waitMinutes: op.wait || undefined });
  } else if (op.op === 'delete') person.commands.deleteElements(op.picks.map((n) => at([...steps, ...joins], n) ?? 'none'));
  else if (op.op === 'duplicate') person.commands.duplicate(op.picks.map((n) => at(steps, n) ?? 'none'));
}

/** Every step and join of `after` whose content is as in `before` is the same object. */
function expectKept(before: StallMap, after: StallMap): void {
  for (const key of ['steps', 'joins'] as const) {
    for (const state of [
      [before, after],
      [before.redesign, after.redesign],
    ] as const) {
      const [b, a] = state;
      if (!a || !b) continue;
      const prior = new Map(b[key].map((item) => [item.id, item]));
      for (const item of a[key]) {
        const was = prior.get(item.id);
        if (was && JSON.stringify(was) === JSON.stringify(item)) expect(item).toBe(was);
      }
    }
  }
}

describe('the map the store holds, kept from the docs’ events', () => {
  it('is what a fresh readMap reads, after any sequence of edits, local and remote, undo, garbage', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(opArb, fc.boolean()), { minLength: 1, maxLength: 40 }), (ops) => {
        const people = room();
        const { doc, review } = people.local;
        writeMap(doc, loadFixture('contract-review'), null, review);
        const mirror = new DocMirror(doc, review, 'm');
        let last = mirror.read();
        expect(last).toEqual(readMap(doc, review, 'm'));
        for (const [op, readNow] of ops) {
          apply(people, op);
          // Several edits between two reads, as between two animation frames.
          if (!readNow) continue;
          const next = mirror.read();
          expect(next).toEqual(readMap(doc, review, 'm'));
          expectKept(last.map, next.map);
          last = next;
        }
        expect(mirror.read()).toEqual(readMap(doc, review, 'm'));
        mirror.dispose();
      }),
      { numRuns: 150 },
    );
  });

  it('gives one edited step a new object and keeps every other step, join and the arrays untouched by the edit', () => {
    const people = room();
    const { doc, review, commands } = people.local;
    writeMap(doc, loadFixture('contract-review'), null, review);
    const mirror = new DocMirror(doc, review, 'm');
    const before = mirror.read().map;
    const [first, second] = before.steps;
    commands.updateStep(second.id, { label: 'Renamed' });
    const after = mirror.read().map;
    expect(after.steps[1]).toMatchObject({ id: second.id, label: 'Renamed' });
    expect(after.steps[0]).toBe(first);
    expect(after.steps.slice(2)).toEqual(before.steps.slice(2));
    for (let i = 2; i < after.steps.length; i++) expect(after.steps[i]).toBe(before.steps[i]);
    expect(after.joins).toBe(before.joins);
    // Nothing changed since: the same read, the same objects.
    expect(mirror.read().map).toBe(after);
    mirror.dispose();
  });

  it('keeps a check’s object when the garbage step it was shown without is then deleted', () => {
    const people = room();
    const { doc, review, commands } = people.local;
    writeMap(doc, loadFixture('contract-review'), null, review);
    const mirror = new DocMirror(doc, review, 'm');
    mirror.read();
    // 'chk' verifies 'sum'; garbage from the network makes 'sum' unreadable, so 'chk' is shown without it.
    people.remote.doc.transact(() => (stepsOf(people.remote.doc).get('sum') as Y.Map<unknown>).set('label', 42));
    const trimmed = mirror.read().map.steps.find((s) => s.id === 'chk');
    expect(trimmed?.verifies).toEqual([]);
    // Deleting 'sum' drops it from 'chk's verifies in the doc too: what is shown stays the same, so does the object.
    commands.deleteElements(['sum']);
    const after = mirror.read();
    expect(after).toEqual(readMap(doc, review, 'm'));
    expect(after.map.steps.find((s) => s.id === 'chk')).toBe(trimmed);
    mirror.dispose();
  });

  it('reads a remote rename and its undo on the other side', () => {
    const people = room();
    const { doc, review } = people.local;
    writeMap(doc, loadFixture('contract-review'), null, review);
    const mirror = new DocMirror(doc, review, 'm');
    const original = mirror.read().map.steps[2];
    people.remote.commands.updateStep(original.id, { label: 'Theirs' });
    expect(mirror.read().map.steps[2].label).toBe('Theirs');
    people.remote.undo.undo();
    expect(mirror.read().map.steps[2]).toEqual(original);
    mirror.dispose();
  });
});
