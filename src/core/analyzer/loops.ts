import { dominatorTree } from './dominators';
import { StronglyConnected } from './strongly-connected';

/**
 * Which joins close a loop, decided by the map's structure alone, never by the order of steps
 * and joins in the file or by their ids (so a reordered or renamed map gives the same numbers):
 *
 * 1. a join marked `rework` closes a loop by the team's word;
 * 2. of the rest, a join whose target dominates its source (every way from the starts to the
 *    source passes the target: the loop's header) closes the loop it returns to;
 * 3. a loop that can be entered at several steps (irreducible) has no header; the joins inside it
 *    that lead back towards the starts are dropped, and the loop is reported so the team can
 *    mark the real rework join.
 *
 * Rule 2 reads the dominator tree (near-linear). What still loops afterwards has several ways
 * in (rule 3): it breaks where the work goes back towards the starts (breakRemainingLoops).
 */

export interface LoopAdjacency {
  stepCount: number;
  from: Int32Array;
  to: Int32Array;
  inStart: Int32Array;
  inJoins: Int32Array;
  outStart: Int32Array;
  outJoins: Int32Array;
}

/** A loop that could be entered at several steps, broken at all of them: the team should mark its rework join. */
export interface AmbiguousLoop {
  entries: number[];
  /** The joins dropped to break it. */
  joins: number[];
}

export interface LoopStructure {
  /** Per join: 1 when it closes a loop (dropped from the graph the metrics walk). */
  backEdge: Uint8Array;
  ambiguous: AmbiguousLoop[];
}

export function findLoops(graph: LoopAdjacency, starts: readonly number[], isRework: (join: number) => boolean): LoopStructure {
  const { from, to } = graph;
  const backEdge = new Uint8Array(from.length);
  for (let j = 0; j < from.length; j++) if (from[j] >= 0 && to[j] >= 0 && isRework(j)) backEdge[j] = 1;
  const distance = distancesFromStarts(graph, starts, backEdge);
  const reached = new Uint8Array(graph.stepCount);
  for (let v = 0; v < graph.stepCount; v++) reached[v] = distance[v] >= 0 ? 1 : 0;
  // Natural loops first, in near-linear time: a join back to a step that dominates its source.
  const dominates = dominatorTree(graph, starts, backEdge, reached);
  for (let j = 0; j < from.length; j++) {
    if (!backEdge[j] && from[j] >= 0 && to[j] >= 0 && reached[from[j]] && dominates(to[j], from[j])) backEdge[j] = 1;
  }
  // What still loops has several ways in (or lies off every line): broken at its ways in.
  const ambiguous = breakRemainingLoops(graph, starts, backEdge, reached);
  return { backEdge, ambiguous };
}

/**
 * The loops left once the natural ones are broken have several ways in. Each is found as a
 * strongly connected part and broken where the work goes back: at the joins inside it that lead
 * to a step no farther from the starts (in joins) than the step they leave. Every join left
 * inside then leads farther from the starts, so nothing loops any more. A loop no start reaches
 * has no such distances: it is broken at its ways in, and searched again for loops inside.
 */
function breakRemainingLoops(graph: LoopAdjacency, starts: readonly number[], backEdge: Uint8Array, reached: Uint8Array): AmbiguousLoop[] {
  // Most maps have no loop left once the natural ones are broken: a topological sort tells, cheaper than a search for parts.
  if (acyclic(graph, backEdge)) return [];
  const n = graph.stepCount;
  const { from, to, inStart, inJoins } = graph;
  const region = new Int32Array(n); // the innermost part being searched that holds each step (0: the whole map)
  const ambiguous: AmbiguousLoop[] = [];
  let distance: Int32Array | undefined; // from the starts, measured on first need: most maps have no such loop
  let nextRegion = 1;
  const pending: { id: number; steps: number[] }[] = [{ id: 0, steps: Array.from({ length: n }, (_, i) => i) }];
  const components = new StronglyConnected(graph, region, backEdge);
  while (pending.length > 0) {
    const { id, steps } = pending.pop() as { id: number; steps: number[] };
    for (const part of components.of(steps, id)) {
      const partId = nextRegion++;
      for (const v of part) region[v] = partId;
      const inside = (j: number) => !backEdge[j] && from[j] >= 0 && region[from[j]] === partId;
      // Ways in: steps with a join from outside the part (from a step the starts reach, when the
      // part is reached: a dangling step's join into a loop does not make a second way in).
      const entries = part.filter((v) => {
        for (let k = inStart[v]; k < inStart[v + 1]; k++) {
          const j = inJoins[k];
          const u = from[j];
          if (!backEdge[j] && u >= 0 && region[u] !== partId && (!reached[v] || reached[u])) return true;
        }
        return false;
      });
      const dropped: number[] = [];
      if (reached[part[0]]) {
        distance ??= distancesFromStarts(graph, starts, backEdge);
        const steps = distance;
        for (const v of part) {
          for (let k = inStart[v]; k < inStart[v + 1]; k++) {
            const j = inJoins[k];
            if (inside(j) && steps[to[j]] <= steps[from[j]]) dropped.push(j);
          }
        }
        for (const j of dropped) backEdge[j] = 1;
        ambiguous.push({ entries, joins: dropped.sort((a, b) => a - b) });
        continue;
      }
      // Off every line: every way in (or, with none, every step) is where the loop breaks.
      for (const v of entries.length > 0 ? entries : part) {
        for (let k = inStart[v]; k < inStart[v + 1]; k++) if (inside(inJoins[k])) dropped.push(inJoins[k]);
      }
      for (const j of dropped) backEdge[j] = 1;
      pending.push({ id: partId, steps: part });
    }
  }
  ambiguous.sort((a, b) => a.joins[0] - b.joins[0]);
  return ambiguous;
}

/** Whether every step can be put in an order where each join that is not dropped goes forward (Kahn's algorithm). */
function acyclic(graph: LoopAdjacency, dropped: Uint8Array): boolean {
  const n = graph.stepCount;
  const { outStart, outJoins, to } = graph;
  const pending = new Int32Array(n);
  for (let k = 0; k < outStart[n]; k++) if (!dropped[outJoins[k]]) pending[to[outJoins[k]]] += 1;
  const queue = new Int32Array(n);
  let tail = 0;
  for (let v = 0; v < n; v++) if (pending[v] === 0) queue[tail++] = v;
  for (let head = 0; head < tail; head++) {
    const v = queue[head];
    for (let k = outStart[v]; k < outStart[v + 1]; k++) {
      const j = outJoins[k];
      if (!dropped[j] && --pending[to[j]] === 0) queue[tail++] = to[j];
    }
  }
  return tail === n;
}

/** Joins from the nearest start to each step (-1: no start reaches it), over the joins not dropped. */
function distancesFromStarts(graph: LoopAdjacency, starts: readonly number[], dropped: Uint8Array): Int32Array {
  const distance = new Int32Array(graph.stepCount).fill(-1);
  const queue: number[] = [];
  for (const s of starts) {
    if (distance[s] >= 0) continue;
    distance[s] = 0;
    queue.push(s);
  }
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head];
    for (let k = graph.outStart[v]; k < graph.outStart[v + 1]; k++) {
      const j = graph.outJoins[k];
      const w = graph.to[j];
      if (dropped[j] || w < 0 || distance[w] >= 0) continue;
      distance[w] = distance[v] + 1;
      queue.push(w);
    }
  }
  return distance;
}
