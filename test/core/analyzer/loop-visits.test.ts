import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analyzer';
import { buildMap, type JoinSpec, type StepSpec } from './build';

/**
 * The visits an item makes to each step, through rework loops: a loop's steps 1 / (1 − p) times
 * for a return rate p, and everything after the loop once, since every item leaves it.
 */
const human = (id: string, workMinutes: number): StepSpec => ({ id, kind: 'human', owner: 'Ops', workMinutes });
const go = (share?: number): Partial<JoinSpec[2]> => ({ handoff: 'system', ...(share === undefined ? {} : { share }) });
const back = (share: number): Partial<JoinSpec[2]> => ({ handoff: 'system', rework: true, share });
const metricsOf = (steps: StepSpec[], joins: JoinSpec[], extra?: Record<string, unknown>) => analyze(buildMap(steps, joins, { version: 2, ...extra })).metrics;

describe('visits through rework loops', () => {
  it('counts the step after a loop for every item: each one leaves the loop once', () => {
    // Start → A (10) → B (10); B: 50% back to A, 50% on to C (100) → End.
    // A and B: 1 / (1 − 0.5) = 2 visits each; C: 2 × 0.5 = 1. 2 × 10 + 2 × 10 + 1 × 100 = 140.
    const metrics = metricsOf(
      [{ id: 'in', kind: 'start' }, human('a', 10), human('b', 10), human('c', 100), { id: 'out', kind: 'end' }],
      [['in', 'a', go()], ['a', 'b', go()], ['b', 'a', back(0.5)], ['b', 'c', go(0.5)], ['c', 'out', go()]],
      { volumePerWeek: 60, costPerHour: 50 },
    );
    expect(metrics.staffMinutesPerItem).toBeCloseTo(140, 10);
    // 140 minutes × 60 items = 140 hours a week; at 50 an hour, 7,000.
    expect(metrics.staffHoursPerWeek).toBeCloseTo(140, 10);
    expect(metrics.staffCostPerWeek).toBeCloseTo(7000, 8);
  });

  it('counts a step after a loop whose exit splits at its share of every item, not of one pass', () => {
    // B: 20% back to A, 60% to C (100), 20% to D (1000). C: 0.6 / 0.8 = 0.75 of the items, D 0.25.
    const metrics = metricsOf(
      [{ id: 'in', kind: 'start' }, human('a', 10), human('b', 10), human('c', 100), human('d', 1000), { id: 'out', kind: 'end' }],
      [['in', 'a', go()], ['a', 'b', go()], ['b', 'a', back(0.2)], ['b', 'c', go(0.6)], ['b', 'd', go(0.2)], ['c', 'out', go()], ['d', 'out', go()]],
    );
    expect(metrics.staffMinutesPerItem).toBeCloseTo(1.25 * 20 + 0.75 * 100 + 0.25 * 1000, 10);
  });

  it('multiplies nested loops, and counts what follows the inner loop once per pass of the outer', () => {
    // A (1) → B (10) → C (100) → D (1000) → End; C: 50% back to B (inner); D: 20% back to A (outer).
    // Per pass of the outer loop: A 1, B 2, C 2, D 1; the outer loop goes round 1 / 0.8 = 1.25 times.
    const metrics = metricsOf(
      [{ id: 'in', kind: 'start' }, human('a', 1), human('b', 10), human('c', 100), human('d', 1000), { id: 'out', kind: 'end' }],
      [['in', 'a', go()], ['a', 'b', go()], ['b', 'c', go()], ['c', 'b', back(0.5)], ['c', 'd', go()], ['d', 'a', back(0.2)], ['d', 'out', go()]],
    );
    expect(metrics.staffMinutesPerItem).toBeCloseTo(1.25 * (1 + 2 * 10 + 2 * 100 + 1000), 10);
  });

  it('counts loops one after another each at its own rate', () => {
    // A ⟲ 50%, then B ⟲ 75%: A twice, B four times, C once.
    const metrics = metricsOf(
      [{ id: 'in', kind: 'start' }, human('a', 1), human('b', 10), human('c', 100), { id: 'out', kind: 'end' }],
      [['in', 'a', go()], ['a', 'a', back(0.5)], ['a', 'b', go()], ['b', 'b', back(0.75)], ['b', 'c', go()], ['c', 'out', go()]],
    );
    expect(metrics.staffMinutesPerItem).toBeCloseTo(2 * 1 + 4 * 10 + 100, 10);
  });

  it('counts the items sent back to a step that some items bypass, and every item once after the loop', () => {
    // Triage: 30% to the expert (100), 70% straight to review (10); review sends 20% back to the
    // expert. expert = 0.3 + 0.2 × review, review = 0.7 + expert: expert 0.55, review 1.25, and
    // the letter (1000) after review once per item.
    const metrics = metricsOf(
      [{ id: 'in', kind: 'start' }, human('triage', 1), human('expert', 100), human('review', 10), human('letter', 1000), { id: 'out', kind: 'end' }],
      [
        ['in', 'triage', go()],
        ['triage', 'expert', go(0.3)],
        ['triage', 'review', go(0.7)],
        ['expert', 'review', go()],
        ['review', 'expert', back(0.2)],
        ['review', 'letter', go()],
        ['letter', 'out', go()],
      ],
    );
    expect(metrics.staffMinutesPerItem).toBeCloseTo(1 + 0.55 * 100 + 1.25 * 10 + 1000, 10);
  });

  it('counts a rework loop into one of two parallel branches without counting the other again', () => {
    // Intake splits into legal (100) and pricing (10) in parallel; the decision (1) waits for both
    // and sends 20% back to legal; then the letter (1000) once per item.
    const metrics = metricsOf(
      [{ id: 'in', kind: 'start' }, human('intake', 1), human('legal', 100), human('pricing', 10), human('decide', 1), human('letter', 1000), { id: 'out', kind: 'end' }],
      [
        ['in', 'intake', go()],
        ['intake', 'legal', go()],
        ['intake', 'pricing', go()],
        ['legal', 'decide', go()],
        ['pricing', 'decide', go()],
        ['decide', 'legal', back(0.2)],
        ['decide', 'letter', go()],
        ['letter', 'out', go()],
      ],
    );
    expect(metrics.staffMinutesPerItem).toBeCloseTo(1 + 1.25 * 100 + 10 + 1.25 * 1 + 1000, 10);
  });

  it('weighs a fix on the step after a loop by every item', () => {
    // The AI's draft is reworked (a, b: 50% back to a), then re-keyed (a hand-off step, 30 min)
    // once per item: fixing the hand-off saves 30 staff minutes per item, not the 15 of one pass.
    const result = analyze(
      buildMap(
        [
          { id: 'in', kind: 'start' },
          { id: 'draft', kind: 'ai', owner: 'Ops', workMinutes: 1, manualMinutes: 20 },
          human('a', 10),
          human('b', 10),
          { id: 'rekey', kind: 'handoff', owner: 'Ops', workMinutes: 30 },
          { id: 'out', kind: 'end' },
        ],
        [['in', 'draft', go()], ['draft', 'a', go()], ['a', 'b', go()], ['b', 'a', back(0.5)], ['b', 'rekey', go(0.5)], ['rekey', 'out', go()]],
        { version: 2 },
      ),
    );
    expect(result.metrics.staffMinutesPerItem).toBeCloseTo(70, 10);
    const fix = result.findings.find((f) => f.rule === 'human-join' && f.targets.includes('rekey'));
    expect(fix?.impact?.staffMinutesPerItem).toBe(30);
  });
});

/**
 * Random lines of work with rework joins back to earlier steps and forward skips (choices): the
 * analyzer's staff minutes against the expected visits solved exactly, x = entering + Pᵀx, by
 * elimination. Exact for loops whose way back returns to a step every way to its source passes
 * (nested, overlapping, sharing the step they return to, one after another), and for a single
 * way back to a step some items bypass; loops of that kind that cross others are approximated.
 */
describe('visits through rework loops, against the exact expected visits', () => {
  const lineArb = fc.record({
    work: fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 7 }),
    rework: fc.array(fc.record({ from: fc.nat(), to: fc.nat(), rate: fc.integer({ min: 1, max: 6 }) }), { maxLength: 4 }),
    skips: fc.array(fc.nat(), { maxLength: 2 }),
  });
  /** At most one way back and one skip per step, so each step's joins read as one choice. */
  const shaped = ({ work, rework, skips }: { work: number[]; rework: { from: number; to: number; rate: number }[]; skips: number[] }) => {
    const n = work.length;
    const skipping = new Set(skips.map((s) => s % n).filter((s) => s + 2 <= n));
    const ways = new Map(rework.map(({ from, to, rate }) => [from % n, { to: Math.min(to % n, from % n), rate: rate / 20 }]));
    return { work, ways, skipping };
  };
  /** A skip from the step before `to` over it to `from` or before: some items reach `from` without passing `to`. */
  const bypassed = (skipping: Set<number>, from: number, to: number) => skipping.has(to - 1) && to + 1 <= from;

  it('gives each step its expected visits when every way back returns to a step all its items passed', () => {
    const natural = lineArb.map(shaped).map(({ work, ways, skipping }) => ({
      work,
      skipping,
      ways: new Map([...ways].filter(([from, way]) => !bypassed(skipping, from, way.to))),
    }));
    fc.assert(fc.property(natural, matchesExactVisits), { numRuns: 300 });
  });

  it('gives each step its expected visits with one way back, to a step some items bypass', () => {
    const single = lineArb.map(shaped).map(({ work, ways, skipping }) => ({ work, skipping, ways: new Map([...ways].slice(0, 1)) }));
    fc.assert(fc.property(single, matchesExactVisits), { numRuns: 300 });
  });

  function matchesExactVisits({ work, ways, skipping }: { work: number[]; ways: Map<number, { to: number; rate: number }>; skipping: Set<number> }) {
    const n = work.length;
    const id = (i: number) => (i >= n ? 'out' : `s${i}`);
    const steps: StepSpec[] = [{ id: 'in', kind: 'start' }, ...work.map((w, i) => human(id(i), w)), { id: 'out', kind: 'end' }];
    const joins: JoinSpec[] = [['in', id(0), go()]];
    // probability[i][k]: the share of the items leaving step i that go to step k (n: the end).
    const probability = Array.from({ length: n }, () => new Array<number>(n + 1).fill(0));
    for (let i = 0; i < n; i++) {
      const way = ways.get(i);
      const forward = skipping.has(i) ? [i + 1, i + 2] : [i + 1];
      const rest = (1 - (way?.rate ?? 0)) / forward.length;
      for (const k of forward) {
        joins.push([id(i), id(k), { id: `f${i}-${k}`, ...go(way ? undefined : forward.length > 1 ? rest : undefined) }]);
        probability[i][Math.min(k, n)] += rest;
      }
      if (way) {
        joins.push([id(i), id(way.to), { id: `r${i}`, ...back(way.rate) }]);
        probability[i][way.to] += way.rate;
      }
    }
    const visits = solve(probability, n);
    const expected = visits.reduce((sum, x, i) => sum + x * work[i], 0);
    expect(metricsOf(steps, joins).staffMinutesPerItem).toBeCloseTo(expected, 6);
  }
});

/** x = e + Pᵀx over the n work steps, one item entering at step 0: Gaussian elimination with partial pivoting. */
function solve(probability: number[][], n: number): number[] {
  const a = Array.from({ length: n }, (_, v) => [...Array.from({ length: n }, (_, u) => (u === v ? 1 : 0) - probability[u][v]), v === 0 ? 1 : 0]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) pivot = r;
    [a[c], a[pivot]] = [a[pivot], a[c]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r][c] / a[c][c];
      for (let k = c; k <= n; k++) a[r][k] -= f * a[c][k];
    }
  }
  return a.map((row, r) => row[n] / row[r]);
}
