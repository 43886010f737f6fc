import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ComparisonMemo, compareStates } from '../../../src/core/analyzer/compare-states';
import type { Join, Step } from '../../../src/core/model';

interface State {
  steps: Step[];
  joins: Join[];
}

const step = (id: string, label = id): Step => ({ id, kind: 'human', label, owner: 'Ana', workMinutes: 5 });
const join = (id: string, from: string, to: string): Join => ({ id, from, to, handoff: 'manual' });

/** Six steps in a line, the same in both states to start with (as a redesign starts: a copy). */
function opening(): { now: State; redesign: State } {
  const steps = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => step(id));
  const joins = steps.slice(1).map((s, i) => join(`j${i}`, steps[i].id, s.id));
  return { now: { steps, joins }, redesign: { steps: steps.map((s) => ({ ...s })), joins: joins.map((j) => ({ ...j })) } };
}

/** An edit as the page's map gives it: the element changed is a new object, every other keeps its own. */
type Edit = { state: 'now' | 'redesign'; what: 'label' | 'owner' | 'minutes' | 'handoff' | 'remove' | 'add' | 'position'; at: number };

function apply(states: { now: State; redesign: State }, { state, what, at }: Edit, serial: number): { now: State; redesign: State } {
  const target = states[state];
  const next: State = { steps: target.steps, joins: target.joins };
  const s = target.steps.length ? at % target.steps.length : -1;
  const j = target.joins.length ? at % target.joins.length : -1;
  const withStep = (change: Partial<Step>) => target.steps.map((x, i) => (i === s ? { ...x, ...change } : x));
  if (what === 'label' && s >= 0) next.steps = withStep({ label: `label ${serial}` });
  if (what === 'owner' && s >= 0) next.steps = withStep({ owner: serial % 2 ? '' : `owner ${serial}` });
  if (what === 'minutes' && s >= 0) next.steps = withStep({ workMinutes: serial % 7 });
  if (what === 'position' && s >= 0) next.steps = withStep({ position: { x: serial, y: serial } });
  if (what === 'handoff' && j >= 0) next.joins = target.joins.map((x, i) => (i === j ? { ...x, handoff: serial % 2 ? 'system' : 'meeting' } : x));
  if (what === 'remove' && s >= 0) next.steps = target.steps.filter((_, i) => i !== s);
  if (what === 'remove' && j >= 0 && serial % 2) next.joins = target.joins.filter((_, i) => i !== j);
  if (what === 'add') {
    next.steps = [...target.steps, step(`n${serial}`)];
    if (s >= 0) next.joins = [...target.joins, join(`k${serial}`, target.steps[s].id, `n${serial}`)];
  }
  return { ...states, [state]: next };
}

const edits = fc.array(
  fc.record({
    state: fc.constantFrom<Edit['state']>('now', 'redesign'),
    what: fc.constantFrom<Edit['what']>('label', 'owner', 'minutes', 'handoff', 'remove', 'add', 'position'),
    at: fc.nat(20),
  }),
  { maxLength: 25 },
);

describe('compareStates with a memo, as the compare view calls it after every edit', () => {
  it('gives after any edits the answer a comparison from scratch gives', () => {
    fc.assert(
      fc.property(edits, (sequence) => {
        const memo = new ComparisonMemo();
        let states = opening();
        compareStates(states.now, states.redesign, memo);
        sequence.forEach((edit, serial) => {
          states = apply(states, edit, serial);
          expect(compareStates(states.now, states.redesign, memo)).toEqual(compareStates(states.now, states.redesign));
        });
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the change object of every element an edit did not touch, and makes one for the element it did', () => {
    const memo = new ComparisonMemo();
    let states = opening();
    states = apply(states, { state: 'redesign', what: 'label', at: 1 }, 1);
    states = apply(states, { state: 'redesign', what: 'add', at: 2 }, 2);
    const before = compareStates(states.now, states.redesign, memo);
    const edited = apply(states, { state: 'redesign', what: 'owner', at: 1 }, 3);
    const after = compareStates(edited.now, edited.redesign, memo);
    const find = (changes: typeof before.changes, id: string) => changes.find((c) => c.id === id);
    expect(find(after.changes, 'b')).not.toBe(find(before.changes, 'b'));
    expect(find(after.changes, 'b')?.marks).toEqual(['owner', 'changed']);
    expect(find(after.changes, 'n2')).toBe(find(before.changes, 'n2'));
    expect(find(after.changes, 'k2')).toBe(find(before.changes, 'k2'));
  });
});
