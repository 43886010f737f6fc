import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../../src/core/analyzer';
import { buildMap, type JoinSpec, type StepSpec } from './build';

/**
 * The longest path after a change, for many changes at once: exact within the walking budget,
 * and past it a bound (the paths that skip the change, or the critical path with the change
 * applied) that is never longer than the true path.
 */
describe('longest paths after a change', () => {
  // in → a (100) → b (100) → c (100) → out: 300; and a side way in → side (150) → c: 250.
  const steps: StepSpec[] = [
    { id: 'in', kind: 'start' },
    { id: 'a', kind: 'human', workMinutes: 100 },
    { id: 'b', kind: 'human', workMinutes: 100 },
    { id: 'side', kind: 'human', workMinutes: 150 },
    { id: 'c', kind: 'human', workMinutes: 100 },
    { id: 'out', kind: 'end' },
  ];
  const joins: JoinSpec[] = [['in', 'a'], ['a', 'b'], ['b', 'c'], ['in', 'side'], ['side', 'c'], ['c', 'out']];
  const graph = buildGraph(buildMap(steps, joins));
  const at = (id: string) => graph.stepIndex.get(id) as number;
  const change = (weights: Record<string, number>) => ({ steps: new Map(Object.entries(weights).map(([id, w]) => [at(id), w])), joins: new Map<number, number>() });

  it('finds the new longest path exactly, the side way included', () => {
    expect(graph.paths.minutes).toBe(300);
    // a and b to 0: the main way takes 100, so the side way's 250 is the longest; a to 50: both
    // ways take 250; the side way is not on the critical path: nothing changes.
    expect(graph.paths.after([change({ a: 0, b: 0 }), change({ a: 50 }), change({ side: 0 })])).toEqual([250, 250, 300]);
  });

  it('past the budget, bounds it: never longer than the true path, exact while the changed critical path stays the longest', () => {
    const [bounded] = graph.paths.after([change({ a: 0, b: 0 })], 0);
    expect(bounded).toBeLessThanOrEqual(250);
    expect(bounded).toBeGreaterThanOrEqual(100);
    expect(graph.paths.after([change({ a: 90 })], 0)).toEqual([290]);
  });
});
