import { type Graph, walk } from './graph';

/**
 * What a verification (or approval) step checks: the steps its `verifies` names, else the
 * nearest `ai` steps upstream (every AI step at the smallest number of joins back), in step
 * order. Shared by the rule that weighs a check against the work and by the metrics that leave
 * out, before AI, the checks that AI output created.
 */
export function checkedSteps(graph: Graph): (step: number) => number[] {
  // Once per graph: the rule that weighs checks and the staff metrics both ask, about the same steps.
  let checked = checkedByGraph.get(graph);
  if (!checked) {
    checked = checkedStepsOf(graph);
    checkedByGraph.set(graph, checked);
  }
  return checked;
}

const checkedByGraph = new WeakMap<Graph, (step: number) => number[]>();

function checkedStepsOf(graph: Graph): (step: number) => number[] {
  const nearest = nearestAiUpstream(graph);
  return (v) => {
    const verifies = graph.steps[v].verifies;
    // Most checks name nothing or one step: answered without the lists the general case builds.
    if (!verifies || verifies.length === 0) return nearest(v);
    if (verifies.length === 1) {
      const index = graph.stepIndex.get(verifies[0]);
      return index === undefined ? nearest(v) : [index];
    }
    const named = [...new Set(verifies)].flatMap((id) => {
      const index = graph.stepIndex.get(id);
      return index === undefined ? [] : [index];
    });
    return named.length > 0 ? named.sort((a, b) => a - b) : nearest(v);
  };
}

/**
 * For each step, the `ai` steps upstream at the smallest number of joins, in map order. One
 * breadth-first walk from all AI steps gives each step's distance d to the nearest; the nearest
 * AI steps of v are then those of its predecessors at distance d − 1, computed once per step.
 */
function nearestAiUpstream(graph: Graph): (step: number) => number[] {
  let distance: Int32Array | undefined; // walked on first use: most verifications name what they check
  const memo = new Map<number, number[]>();
  const of = (v: number, dist: Int32Array): number[] => {
    const known = memo.get(v);
    if (known) return known;
    // Iterative: predecessors first, so a long chain does not recurse.
    const pending = [v];
    while (pending.length > 0) {
      const u = pending[pending.length - 1];
      // Distances fall by one towards the AI steps, so this never loops; only distance 0 is `ai`.
      const missing = predecessorsAtDistance(graph, dist, u).filter((p) => dist[p] > 0 && !memo.has(p));
      if (missing.length > 0) {
        pending.push(...missing);
        continue;
      }
      pending.pop();
      const found = new Set<number>();
      for (const p of predecessorsAtDistance(graph, dist, u)) {
        for (const a of dist[p] === 0 ? [p] : (memo.get(p) ?? [])) found.add(a);
      }
      memo.set(u, [...found].sort((a, b) => a - b));
    }
    return memo.get(v) ?? [];
  };
  return (step) => {
    distance ??= walk(graph, graph.aiSteps, 'out').distance;
    return distance[step] > 0 ? of(step, distance) : [];
  };
}

function predecessorsAtDistance(graph: Graph, distance: Int32Array, v: number): number[] {
  const out: number[] = [];
  for (let k = graph.inStart[v]; k < graph.inStart[v + 1]; k++) {
    const p = graph.from[graph.inJoins[k]];
    if (distance[p] >= 0 && distance[p] === distance[v] - 1) out.push(p);
  }
  return out;
}
