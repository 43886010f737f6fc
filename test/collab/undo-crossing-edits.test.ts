import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Y from 'yjs';
import { joinsOf, metaOf, redesignJoinsOf, redesignStepsOf, stepsOf } from '../../src/collab/doc';
import { analyze } from '../../src/core/analyzer';
import { approvalChain, oneStep, withRedesignCopy } from './shared-maps';
import { type Page, type Person, twoPages } from './two-pages';

/**
 * Two people editing the same fields, their changes crossing on the way (each page's changes
 * reach the other at random points), each undoing and redoing their own: whatever the order, no
 * step or join ever loses a field, and once both have everything the two pages show the same map.
 */

const person = fc.constantFrom<Person>('ana', 'ben');

// The clock stands still, so a person's edits make one step of undo until a pause, however busy
// the machine: a failing sequence is the same one when replayed.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Each step's and join's fields, of both states, by where it is kept and its id, and the map's title. */
function fieldsOf(doc: Y.Doc): Map<string, string[]> {
  const fields = new Map<string, string[]>([['meta', metaOf(doc).has('title') ? ['title'] : []]]);
  for (const [where, items] of Object.entries({ steps: stepsOf(doc), joins: joinsOf(doc), redesignSteps: redesignStepsOf(doc), redesignJoins: redesignJoinsOf(doc) })) {
    for (const [id, item] of items) fields.set(`${where} ${id}`, [...item.keys()]);
  }
  return fields;
}

/**
 * The fields that a step or join (or the map) had when the map was opened and lacks now, on one
 * page. No operation here removes a field (every edit sets a value), so none may go missing: not
 * a required one (a label, a kind, a join's ends and hand-off), nor an owner or a wait.
 */
function missingFields(doc: Y.Doc, opened: Map<string, string[]>): string[] {
  const missing: string[] = [];
  for (const [item, fields] of fieldsOf(doc)) for (const field of opened.get(item) ?? []) if (!fields.includes(field)) missing.push(`${item}: ${field}`);
  return missing;
}

type Common = { op: 'undo' | 'redo' | 'pause'; who: Person } | { op: 'deliver'; from: Person };
const common = fc.oneof(
  { weight: 2, arbitrary: fc.record({ op: fc.constantFrom('undo' as const, 'redo' as const), who: person }) },
  // Time passes: the person's next edit is a step of undo of its own.
  { weight: 1, arbitrary: fc.record({ op: fc.constant('pause' as const), who: person }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('deliver' as const), from: person }) },
);

/**
 * Rounds of editing: in each, a few changes made before either page hears of the others' (so
 * they cross, as two made at the same moment do), then deliveries, undos, redos and pauses in
 * any order.
 */
const roundsOf = <Change>(change: fc.Arbitrary<Change>) =>
  fc.array(
    fc.record({ changes: fc.array(fc.tuple(person, change), { minLength: 1, maxLength: 3 }), after: fc.array(common, { minLength: 1, maxLength: 4 }) }),
    { minLength: 1, maxLength: 8 },
  );

type Pages = ReturnType<typeof twoPages>;

function runCommon(pages: Pages, op: Common): void {
  if (op.op === 'deliver') pages.deliver(op.from);
  else if (op.op === 'pause') pages[op.who].undo.stopCapturing();
  else pages[op.who].undo[op.op]();
}

/** After every operation, on both pages: nothing unread, no field missing. */
function expectWhole(pages: Pages, opened: Map<string, string[]>): void {
  for (const who of ['ana', 'ben'] as const) {
    expect(missingFields(pages[who].doc, opened), who).toEqual([]);
    expect(pages[who].read().skipped, who).toEqual([]);
  }
}

/** Plays the rounds, checking both pages after every operation; at the end, once each has all the other's changes, both show the same map. */
function play<Change>(pages: Pages, rounds: { changes: [Person, Change][]; after: Common[] }[], make: (page: Page, change: Change) => void): void {
  const opened = fieldsOf(pages.ana.doc);
  for (const { changes, after } of rounds) {
    for (const [who, change] of changes) {
      make(pages[who], change);
      expectWhole(pages, opened);
    }
    for (const op of after) {
      runCommon(pages, op);
      expectWhole(pages, opened);
    }
  }
  pages.sync();
  expect(pages.ana.read()).toEqual(pages.ben.read());
  expectWhole(pages, opened);
}

describe('undo and redo while two people edit the same fields at once', () => {
  // Few fields and values, so that the two often write one field, and often the same value, as
  // two people applying one fix do.
  const change = fc.oneof(
    fc.record({ step: fc.oneof(
      fc.record({ label: fc.constantFrom('Review', 'Check') }),
      fc.record({ kind: fc.constantFrom('ai' as const, 'approval' as const) }),
      fc.record({ owner: fc.constantFrom('Dana', 'Lee') }),
      fc.record({ workMinutes: fc.constantFrom(1, 9) }),
    ) }),
    fc.record({ join: fc.oneof(fc.record({ handoff: fc.constantFrom('manual' as const, 'meeting' as const) }), fc.record({ waitMinutes: fc.constantFrom(0, 15) })) }),
    fc.record({ title: fc.constantFrom('Replies', 'Support') }),
  );
  type Change = typeof change extends fc.Arbitrary<infer T> ? T : never;
  const make = (page: Page, c: Change) => {
    if ('step' in c) page.commands.updateStep('work', c.step);
    else if ('join' in c) page.commands.updateJoin('work-out', c.join);
    else page.commands.setMeta({ title: c.title });
  };

  it('never leaves a step, a join or the map without a field it had, and the two pages converge', () => {
    fc.assert(
      fc.property(person, roundsOf(change), (shows, rounds) => play(twoPages(oneStep, shows), rounds, make)),
      { numRuns: 300 },
    );
  });
});

describe('undo and redo while two people apply a fix in the redesign and edit what it changes', () => {
  const fix = analyze(approvalChain).findings.find((f) => f.rule === 'approval-chain')?.fix;

  const change = fc.oneof(
    fc.constant({ fix: true as const }),
    fc.record({ step: fc.constantFrom('a1', 'a2', 'a3'), fields: fc.oneof(fc.record({ label: fc.constantFrom('Sign-off', 'Legal') }), fc.record({ waitMinutes: fc.constantFrom(0, 30) })) }),
    fc.record({ join: fc.constantFrom('draft-a1', 'a2-a3'), fields: fc.record({ waitMinutes: fc.constantFrom(0, 30) }) }),
  );
  type Change = typeof change extends fc.Arbitrary<infer T> ? T : never;
  const make = (page: Page, c: Change) => {
    if ('fix' in c && fix) page.redesign.applyFix(fix);
    else if ('step' in c) page.commands.updateStep(c.step, c.fields);
    else if ('join' in c) page.commands.updateJoin(c.join, c.fields);
  };

  it('never leaves a step or join without a field it had, and the two pages converge', () => {
    expect(fix).toBeDefined();
    fc.assert(
      fc.property(person, roundsOf(change), (shows, rounds) => play(twoPages(withRedesignCopy(approvalChain), shows, 'redesign'), rounds, make)),
      { numRuns: 300 },
    );
  });
});
