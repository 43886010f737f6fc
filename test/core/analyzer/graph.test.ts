import { describe, expect, it } from 'vitest';
import { analyze, buildGraph, effectiveHandoff, type Graph } from '../../../src/core/analyzer';
import { walk } from '../../../src/core/analyzer/graph';
import { buildMap } from './build';

const ids = (graph: Graph, steps: number[]) => steps.map((s) => graph.steps[s].id);
/** Ids of the flagged steps, sorted: the graph numbers steps in its own canonical order. */
const flagged = (graph: Graph, flags: Uint8Array) => graph.steps.filter((_, i) => flags[i]).map((s) => s.id).sort();
const backEdges = (graph: Graph) => graph.joins.filter((_, j) => graph.backEdge[j]).map((j) => j.id);
const joinIds = (graph: Graph, joins: number[]) => joins.map((j) => graph.joins[j].id);

describe('buildGraph', () => {
  it('drops a rework loop’s way back, never its way forward, whatever the join order', () => {
    // The way back is listed first and waits longest: it must still be the one dropped.
    const map = buildMap(
      [
        { id: 'in', kind: 'start' },
        { id: 'a', kind: 'human', workMinutes: 10 },
        { id: 'b', kind: 'verification', workMinutes: 5 },
        { id: 'out', kind: 'end' },
      ],
      [['b', 'a', { waitMinutes: 1000 }], ['in', 'a'], ['a', 'b', { waitMinutes: 7 }], ['b', 'out']],
    );
    const graph = buildGraph(map);
    expect(backEdges(graph)).toEqual(['b-a']);
    expect(ids(graph, graph.criticalPath.steps)).toEqual(['in', 'a', 'b', 'out']);
    expect(joinIds(graph, graph.criticalPath.joins)).toEqual(['in-a', 'a-b', 'b-out']);
    expect(graph.criticalPath.minutes).toBe(10 + 7 + 5);
  });

  it('takes the longest path over several starts and ends, ties by map order', () => {
    const map = buildMap(
      [
        { id: 's1', kind: 'start' },
        { id: 's2', kind: 'start', waitMinutes: 30 },
        { id: 'x', kind: 'human', workMinutes: 10 },
        { id: 'e1', kind: 'end' },
        { id: 'e2', kind: 'end' },
      ],
      [['s1', 'x'], ['s2', 'x'], ['x', 'e1', { waitMinutes: 5 }], ['x', 'e2', { waitMinutes: 5 }]],
    );
    const graph = buildGraph(map);
    expect(ids(graph, graph.criticalPath.steps)).toEqual(['s2', 'x', 'e1']);
    expect(graph.criticalPath.minutes).toBe(45);
  });

  it('treats a self-loop as closing a cycle', () => {
    const map = buildMap(
      [{ id: 'in', kind: 'start' }, { id: 'a', kind: 'human', workMinutes: 3 }, { id: 'out', kind: 'end' }],
      [['in', 'a'], ['a', 'a', { waitMinutes: 99 }], ['a', 'out']],
    );
    const graph = buildGraph(map);
    expect(backEdges(graph)).toEqual(['a-a']);
    expect(graph.criticalPath.minutes).toBe(3);
  });

  it('has no critical path when no start reaches an end', () => {
    const map = buildMap([{ id: 'in', kind: 'start' }, { id: 'a', kind: 'human', workMinutes: 3 }, { id: 'out', kind: 'end' }], [['a', 'out']]);
    expect(buildGraph(map).criticalPath).toEqual({ steps: [], joins: [], minutes: 0 });
  });

  it('knows reachability both ways, from starts, to ends and around AI steps', () => {
    const map = buildMap(
      [
        { id: 'in', kind: 'start' },
        { id: 'pre', kind: 'human' },
        { id: 'ai', kind: 'ai' },
        { id: 'post', kind: 'human' },
        { id: 'out', kind: 'end' },
        { id: 'lost', kind: 'human' },
      ],
      [['in', 'pre'], ['pre', 'ai'], ['ai', 'post'], ['post', 'out'], ['lost', 'post']],
    );
    const graph = buildGraph(map);
    expect(flagged(graph, graph.reachedFromStart)).toEqual(['ai', 'in', 'out', 'post', 'pre']);
    expect(flagged(graph, graph.reachesEnd)).toEqual(['ai', 'in', 'lost', 'out', 'post', 'pre']);
    expect(flagged(graph, graph.afterAi)).toEqual(['ai', 'out', 'post']);
    expect(flagged(graph, graph.beforeAi)).toEqual(['ai', 'in', 'pre']);
  });

  it('walks without passing steps that stop it, and remembers the way', () => {
    const map = buildMap(
      [{ id: 'a', kind: 'ai' }, { id: 'gate', kind: 'approval' }, { id: 'b', kind: 'human' }, { id: 'out', kind: 'end' }],
      [['a', 'gate'], ['gate', 'b'], ['a', 'out']],
    );
    const graph = buildGraph(map);
    const at = (id: string) => graph.stepIndex.get(id) as number;
    const result = walk(graph, [at('a')], 'out', (v) => graph.steps[v].kind !== 'approval');
    expect(flagged(graph, result.seen)).toEqual(['a', 'gate', 'out']);
    expect(['a', 'gate', 'b', 'out'].map((id) => result.distance[at(id)])).toEqual([0, 1, -1, 1]);
    expect(graph.joins[result.via[at('out')]].id).toBe('a-out');
  });

  it('judges joins at a handoff step manual whatever their field says', () => {
    const map = buildMap(
      [{ id: 'in', kind: 'start' }, { id: 'h', kind: 'handoff' }, { id: 'm', kind: 'human' }, { id: 'out', kind: 'end' }],
      [['in', 'h', { handoff: 'system' }], ['h', 'm', { handoff: 'meeting' }], ['m', 'out', { handoff: 'meeting' }]],
    );
    const graph = buildGraph(map);
    const handoff = (id: string) => effectiveHandoff(graph, graph.joinIndex.get(id) as number);
    expect(['in-h', 'h-m', 'm-out'].map(handoff)).toEqual(['manual', 'manual', 'meeting']);
  });

  it('tolerates a join whose step is gone (a colleague deleted it mid-edit) without throwing', () => {
    const map = buildMap([{ id: 'in', kind: 'start' }, { id: 'a', kind: 'ai' }, { id: 'out', kind: 'end' }], [['in', 'a'], ['a', 'out']]);
    const broken = { ...map, joins: [...map.joins, { id: 'ghost', from: 'a', to: 'deleted', handoff: 'manual' as const }] };
    const graph = buildGraph(broken);
    expect(ids(graph, graph.criticalPath.steps)).toEqual(['in', 'a', 'out']);
    expect(() => analyze(broken)).not.toThrow();
  });

  it('walks a 50,000-step chain with a loop back to the start without overflowing the stack', () => {
    const n = 50_000;
    const steps = [{ id: 'in', kind: 'start' as const }, ...Array.from({ length: n }, (_, i) => ({ id: `s${i}`, kind: 'human' as const, workMinutes: 1 })), { id: 'out', kind: 'end' as const }];
    const joins = steps.slice(1).map((s, i): [string, string] => [steps[i].id, s.id]);
    const map = buildMap(steps, [...joins, [`s${n - 1}`, 's0']]);
    const graph = buildGraph(map);
    expect(graph.criticalPath.minutes).toBe(n);
    expect(graph.criticalPath.steps.length).toBe(n + 2);
    expect(backEdges(graph)).toEqual([`s${n - 1}-s0`]);
  });

  it('analyses a 50,000-step chain of checks after an AI step, listed last to first, without recursion', () => {
    // Each check names nothing, so each looks for the nearest AI step upstream: 50,000 deep.
    const n = 50_000;
    const chain = [{ id: 'in', kind: 'start' as const }, { id: 'ai', kind: 'ai' as const }, ...Array.from({ length: n }, (_, i) => ({ id: `v${i}`, kind: 'verification' as const, workMinutes: 1 })), { id: 'out', kind: 'end' as const }];
    const joins = chain.slice(1).map((s, i): [string, string] => [chain[i].id, s.id]);
    const map = buildMap([...chain].reverse(), joins);
    const findings = analyze(map).findings.filter((f) => f.rule === 'verification-exceeds-work');
    expect(findings).toHaveLength(n);
    expect(findings.every((f) => f.targets[1] === 'ai' && f.severity === 'info')).toBe(true); // no manualMinutes on the AI step
  });
});
