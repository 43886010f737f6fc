import type { Handoff, Join, StallMap, Step } from '../model';
import { quote } from './text';

/**
 * A map as index arrays, built once per analysis so every rule walks it in linear time.
 * Steps and joins are numbered in map order; every walk visits them in that order, so
 * results are deterministic. Walks are iterative: a 50,000-step chain must not overflow the stack.
 */
export interface Graph {
  steps: readonly Step[];
  joins: readonly Join[];
  stepIndex: ReadonlyMap<string, number>;
  joinIndex: ReadonlyMap<string, number>;
  /** Per join: the indices of its from and to steps. */
  from: Int32Array;
  to: Int32Array;
  /** Joins leaving step i: outJoins[outStart[i] .. outStart[i + 1]), in map order. */
  outStart: Int32Array;
  outJoins: Int32Array;
  /** Joins entering step i: inJoins[inStart[i] .. inStart[i + 1]), in map order. */
  inStart: Int32Array;
  inJoins: Int32Array;
  starts: number[];
  ends: number[];
  aiSteps: number[];
  /** 1 where some `start` reaches the step (a start reaches itself). */
  reachedFromStart: Uint8Array;
  /** 1 where the step reaches some `end` (an end reaches itself). */
  reachesEnd: Uint8Array;
  /** 1 where some `ai` step reaches the step (an ai step reaches itself). */
  afterAi: Uint8Array;
  /** 1 where the step reaches some `ai` step. */
  beforeAi: Uint8Array;
  /** Per join: 1 when it closes a cycle, i.e. a back edge of the depth-first walk (see buildGraph). */
  backEdge: Uint8Array;
  /** Every step after all the steps it leads to over joins that are not back edges. */
  postorder: Int32Array;
  criticalPath: CriticalPath;
}

export interface CriticalPath {
  /** Step indices from a start to an end; empty when no start reaches an end. */
  steps: number[];
  /** Join indices between them (one fewer than steps). */
  joins: number[];
  minutes: number;
}

export function buildGraph(map: StallMap): Graph {
  const { steps, joins } = map;
  const n = steps.length;
  const stepIndex = new Map<string, number>();
  const starts: number[] = [];
  const ends: number[] = [];
  const aiSteps: number[] = [];
  for (let i = 0; i < n; i++) {
    const { id, kind } = steps[i];
    stepIndex.set(id, i);
    if (kind === 'start') starts.push(i);
    else if (kind === 'end') ends.push(i);
    else if (kind === 'ai') aiSteps.push(i);
  }
  const joinIndex = new Map<string, number>();
  const from = new Int32Array(joins.length);
  const to = new Int32Array(joins.length);
  joins.forEach((join, j) => {
    joinIndex.set(join.id, j);
    // The schema guarantees both ends exist; -1 keeps a join to a just-deleted step (a live edit) harmless.
    from[j] = stepIndex.get(join.from) ?? -1;
    to[j] = stepIndex.get(join.to) ?? -1;
  });
  const [outStart, outJoins] = compress(n, from, to);
  const [inStart, inJoins] = compress(n, to, from);
  const partial = { steps, joins, from, to, outStart, outJoins, inStart, inJoins };
  const dfs = depthFirst(partial, starts);
  const graph: Graph = {
    ...partial,
    stepIndex,
    joinIndex,
    starts,
    ends,
    aiSteps,
    reachedFromStart: dfs.reachedFromStart,
    reachesEnd: walk(partial, ends, 'in').seen,
    afterAi: walk(partial, aiSteps, 'out').seen,
    beforeAi: walk(partial, aiSteps, 'in').seen,
    backEdge: dfs.backEdge,
    postorder: dfs.postorder,
    criticalPath: { steps: [], joins: [], minutes: 0 },
  };
  graph.criticalPath = longestPath(graph);
  return graph;
}

type Adjacency = Pick<Graph, 'steps' | 'from' | 'to' | 'outStart' | 'outJoins' | 'inStart' | 'inJoins'>;

/** Counting sort of join indices by one end: CSR adjacency, each row in map order. */
function compress(n: number, key: Int32Array, other: Int32Array): [Int32Array, Int32Array] {
  const start = new Int32Array(n + 1);
  for (let j = 0; j < key.length; j++) if (key[j] >= 0 && other[j] >= 0) start[key[j] + 1] += 1;
  for (let i = 0; i < n; i++) start[i + 1] += start[i];
  const fill = start.slice(0, n);
  const rows = new Int32Array(start[n]);
  for (let j = 0; j < key.length; j++) if (key[j] >= 0 && other[j] >= 0) rows[fill[key[j]]++] = j;
  return [start, rows];
}

export interface Walk {
  seen: Uint8Array;
  /** The join by which each step was first reached (-1 for sources and unreached steps). */
  via: Int32Array;
  /** Joins from the nearest source (-1 when unreached). */
  distance: Int32Array;
}

/**
 * Breadth-first walk from all sources at once, along joins ('out') or against them ('in').
 * A step for which `pass` is false is reached but not walked through (sources always are).
 */
export function walk(
  graph: Adjacency,
  sources: readonly number[],
  direction: 'out' | 'in',
  pass?: (step: number) => boolean,
): Walk {
  const n = graph.steps.length;
  const [start, rows, next] =
    direction === 'out' ? [graph.outStart, graph.outJoins, graph.to] : [graph.inStart, graph.inJoins, graph.from];
  const seen = new Uint8Array(n);
  const via = new Int32Array(n).fill(-1);
  const distance = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n);
  let tail = 0;
  for (const s of sources) {
    if (seen[s]) continue;
    seen[s] = 1;
    distance[s] = 0;
    queue[tail++] = s;
  }
  for (let head = 0; head < tail; head++) {
    const v = queue[head];
    if (pass && distance[v] > 0 && !pass(v)) continue;
    for (let k = start[v]; k < start[v + 1]; k++) {
      const w = next[rows[k]];
      if (seen[w]) continue;
      seen[w] = 1;
      via[w] = rows[k];
      distance[w] = distance[v] + 1;
      queue[tail++] = w;
    }
  }
  return { seen, via, distance };
}

/**
 * Iterative depth-first walk from each start in map order, then from every step not yet
 * visited, in map order. A join to a step still on the walk's stack closes a cycle (a rework
 * loop's way back, or a self-loop): it is a back edge. Dropping the back edges leaves a DAG
 * whose topological order is the reverse of `postorder`.
 */
function depthFirst(graph: Adjacency, starts: readonly number[]) {
  const n = graph.steps.length;
  const { outStart, outJoins, to } = graph;
  const state = new Uint8Array(n); // 0 unvisited, 1 on the stack, 2 done
  const cursor = new Int32Array(n);
  const stack = new Int32Array(n);
  const backEdge = new Uint8Array(to.length);
  const postorder = new Int32Array(n);
  let done = 0;
  const visit = (root: number) => {
    if (state[root]) return;
    let top = 0;
    stack[0] = root;
    state[root] = 1;
    cursor[root] = outStart[root];
    while (top >= 0) {
      const v = stack[top];
      if (cursor[v] < outStart[v + 1]) {
        const join = outJoins[cursor[v]++];
        const w = to[join];
        if (state[w] === 1) backEdge[join] = 1;
        else if (state[w] === 0) {
          state[w] = 1;
          cursor[w] = outStart[w];
          stack[++top] = w;
        }
      } else {
        state[v] = 2;
        postorder[done++] = v;
        top -= 1;
      }
    }
  };
  for (const s of starts) visit(s);
  const reachedFromStart = state.map((s) => (s ? 1 : 0));
  for (let i = 0; i < n; i++) visit(i);
  return { backEdge, postorder, reachedFromStart };
}

const stepMinutes = (step: Step) => (step.workMinutes ?? 0) + (step.waitMinutes ?? 0);

/**
 * DOMAIN.md's critical path: the start-to-end path with the most step work + step wait + join
 * wait over the joins that are not back edges. Ties keep the first path found in map order.
 */
function longestPath(graph: Graph): CriticalPath {
  const { steps, joins, outStart, outJoins, to, backEdge, postorder } = graph;
  const total = new Float64Array(steps.length).fill(Number.NEGATIVE_INFINITY);
  const via = new Int32Array(steps.length).fill(-1);
  for (const s of graph.starts) total[s] = stepMinutes(steps[s]);
  for (let k = postorder.length - 1; k >= 0; k--) {
    const v = postorder[k];
    if (total[v] === Number.NEGATIVE_INFINITY) continue; // no start reaches it
    for (let e = outStart[v]; e < outStart[v + 1]; e++) {
      const join = outJoins[e];
      if (backEdge[join]) continue;
      const w = to[join];
      const candidate = total[v] + (joins[join].waitMinutes ?? 0) + stepMinutes(steps[w]);
      if (candidate > total[w]) {
        total[w] = candidate;
        via[w] = join;
      }
    }
  }
  let end = -1;
  for (const e of graph.ends) if (total[e] > (end < 0 ? Number.NEGATIVE_INFINITY : total[end])) end = e;
  if (end < 0) return { steps: [], joins: [], minutes: 0 };
  const pathSteps = [end];
  const pathJoins: number[] = [];
  for (let v = end; via[v] >= 0; v = graph.from[via[v]]) {
    pathJoins.push(via[v]);
    pathSteps.push(graph.from[via[v]]);
  }
  return { steps: pathSteps.reverse(), joins: pathJoins.reverse(), minutes: total[end] };
}

/**
 * How a join really moves the item: a join entering or leaving a `handoff` step is manual
 * whatever its field says (a person forwards, re-keys or prints); otherwise its field, which
 * defaults to manual.
 */
export function effectiveHandoff(graph: Graph, join: number): Handoff {
  const touchesHandoffStep = graph.steps[graph.from[join]]?.kind === 'handoff' || graph.steps[graph.to[join]]?.kind === 'handoff';
  return touchesHandoffStep ? 'manual' : (graph.joins[join].handoff ?? 'manual');
}

/** A step as findings name it: its label in quotes. */
export const stepName = (graph: Graph, step: number): string => quote(graph.steps[step].label);

/** A join as findings name it: its label, else "'From' → 'To'". */
export function joinName(graph: Graph, join: number): string {
  const label = graph.joins[join].label;
  return label ? quote(label) : `${stepName(graph, graph.from[join])} → ${stepName(graph, graph.to[join])}`;
}

/** Any id of the map (step, join, or the map's own id) as people read it. */
export function nameOf(graph: Graph, id: string, mapTitle: string): string {
  const step = graph.stepIndex.get(id);
  if (step !== undefined) return stepName(graph, step);
  const join = graph.joinIndex.get(id);
  return join !== undefined ? joinName(graph, join) : quote(mapTitle);
}
