import type { Handoff, Join, Step } from '../model';
import { countingSort, identity } from './counting-sort';
import { IdIndex } from './id-index';
import { type AmbiguousLoop, findLoops } from './loops';
import { type CriticalPath, LongestPaths, type PathGraph, type PathWeights } from './paths';
import { quote } from './text';

export type { CriticalPath } from './paths';

/**
 * A map as index arrays, built once per analysis so every rule walks it in linear time.
 *
 * Steps and joins are numbered in a canonical order that depends on what they say (label, kind,
 * owner, minutes; a join by its ends, label and numbers), never on their order in the file or
 * their ids: every walk visits them in that order, so a reordered or renamed map gives the same
 * findings and metrics. Walks are iterative: a 50,000-step chain must not overflow the stack.
 */
export interface Graph extends PathGraph {
  steps: readonly Step[];
  joins: readonly Join[];
  stepIndex: ReadonlyMap<string, number>;
  joinIndex: ReadonlyMap<string, number>;
  aiSteps: number[];
  /** 1 where some `start` reaches the step over any joins (a start reaches itself). */
  reachedFromStart: Uint8Array;
  /** 1 where the step reaches some `end` (an end reaches itself). */
  reachesEnd: Uint8Array;
  /** 1 where some `ai` step reaches the step (an ai step reaches itself). */
  afterAi: Uint8Array;
  /** 1 where the step reaches some `ai` step. */
  beforeAi: Uint8Array;
  /** Per join: 1 when it closes a loop (loops.ts): a rework join, or a way back to a loop's header. */
  backEdge: Uint8Array;
  /** Loops with several ways in, broken at all of them (loops.ts). */
  ambiguousLoops: AmbiguousLoop[];
  /** Minutes per item of each step and join as the critical path counts them. */
  weights: PathWeights;
  /** The longest paths over the joins that do not close a loop; `criticalPath` is theirs. */
  paths: LongestPaths;
  criticalPath: CriticalPath;
}

/** What a graph is built from: a map's current state, or its redesign. */
export interface GraphInput {
  steps: readonly Step[];
  joins: readonly Join[];
}

export function buildGraph(map: GraphInput): Graph {
  const steps = canonicalSteps(map.steps);
  const n = steps.length;
  const starts: number[] = [];
  const ends: number[] = [];
  const aiSteps: number[] = [];
  const isStart = new Uint8Array(n);
  const isEnd = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const { kind } = steps[i];
    if (kind === 'start') starts.push(i);
    else if (kind === 'end') ends.push(i);
    else if (kind === 'ai') aiSteps.push(i);
    isStart[i] = kind === 'start' ? 1 : 0;
    isEnd[i] = kind === 'end' ? 1 : 0;
  }
  const stepIndex = new IdIndex(steps.map((step) => step.id));
  // The schema guarantees both ends exist; -1 keeps a join to a just-deleted step (a live edit) harmless.
  const { joins, from, to } = canonicalJoins(map.joins, stepIndex, n);
  const joinIndex = new IdIndex(joins.map((join) => join.id));
  const [outStart, outJoins] = compress(n, from, to);
  const [inStart, inJoins] = compress(n, to, from);
  const adjacency = { stepCount: n, steps, from, to, outStart, outJoins, inStart, inJoins };
  const loops = findLoops(adjacency, starts, (j) => joins[j].rework === true);
  const { order, position } = topologicalOrder(adjacency, loops.backEdge);
  const pathGraph: PathGraph = { ...adjacency, starts, ends, isStart, isEnd, order, position };
  const weights = pathWeights(steps, joins);
  const usable = new Uint8Array(joins.length);
  for (let j = 0; j < joins.length; j++) usable[j] = loops.backEdge[j] ? 0 : 1;
  const paths = new LongestPaths(pathGraph, weights, usable);
  return {
    ...pathGraph,
    steps,
    joins,
    stepIndex,
    joinIndex,
    aiSteps,
    reachedFromStart: reached(adjacency, starts, 'out'),
    reachesEnd: reached(adjacency, ends, 'in'),
    afterAi: reached(adjacency, aiSteps, 'out'),
    beforeAi: reached(adjacency, aiSteps, 'in'),
    backEdge: loops.backEdge,
    ambiguousLoops: loops.ambiguous,
    weights,
    paths,
    criticalPath: paths.critical,
  };
}

const UNCHANGED = Object.freeze({});

/**
 * A step's minutes per item on a path (work and wait), with some fields changed if given (a fix
 * model). A verification step counts its sampled share: the expected minutes per item.
 */
export function stepMinutes(step: Step, changed: { workMinutes?: number; waitMinutes?: number; sampleRate?: number } = UNCHANGED): number {
  const minutes = (changed.workMinutes ?? step.workMinutes ?? 0) + (changed.waitMinutes ?? step.waitMinutes ?? 0);
  return step.kind === 'verification' ? minutes * (changed.sampleRate ?? step.sampleRate ?? 1) : minutes;
}

function pathWeights(steps: readonly Step[], joins: readonly Join[]): PathWeights {
  const step = new Float64Array(steps.length);
  for (let s = 0; s < steps.length; s++) step[s] = stepMinutes(steps[s]);
  const join = new Float64Array(joins.length);
  for (let j = 0; j < joins.length; j++) join[j] = joins[j].waitMinutes ?? 0;
  return { step, join };
}

const text = (value: string | undefined) => value ?? '';
const number = (value: number | undefined) => value ?? -1;
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Steps sorted by what they say; only between steps that say exactly the same does the id decide
 * (nothing else tells them apart), never the order in the file.
 */
function canonicalSteps(steps: readonly Step[]): Step[] {
  const compare = (a: Step, b: Step) =>
    compareText(a.label, b.label) ||
    compareText(a.kind, b.kind) ||
    compareText(text(a.owner), text(b.owner)) ||
    compareText(text(a.performer), text(b.performer)) ||
    number(a.workMinutes) - number(b.workMinutes) ||
    number(a.waitMinutes) - number(b.waitMinutes) ||
    number(a.manualMinutes) - number(b.manualMinutes) ||
    number(a.sampleRate) - number(b.sampleRate) ||
    number(a.overrideRate) - number(b.overrideRate) ||
    Number(a.external ?? false) - Number(b.external ?? false) ||
    (a.verifies?.length ?? -1) - (b.verifies?.length ?? -1) ||
    compareText(text(a.description), text(b.description)) ||
    compareText(text(a.notes), text(b.notes)) ||
    compareText(a.id, b.id);
  // Labels read once into an array: steps come in many shapes (fields present or not), so reading
  // a.label in each of some 60,000 comparisons is slow; the rest is read only on equal labels.
  const labels = steps.map((step) => step.label);
  const byIndex = (x: number, y: number) => compareText(labels[x], labels[y]) || compare(steps[x], steps[y]);
  // Already in order (a map re-read as people type): no sort.
  let inOrder = true;
  for (let i = 1; i < steps.length && inOrder; i++) if (byIndex(i - 1, i) > 0) inOrder = false;
  if (inOrder) return [...steps];
  // The same stable sort as of the steps themselves, on their indices.
  return steps
    .map((_, i) => i)
    .sort(byIndex)
    .map((i) => steps[i]);
}

/**
 * Joins sorted by their ends' canonical places, then by what they say; with each one's ends as
 * step indices (-1 for an id no step has). The ends are looked up once per join, not per comparison.
 */
function canonicalJoins(joins: readonly Join[], stepIndex: ReadonlyMap<string, number>, n: number): { joins: Join[]; from: Int32Array; to: Int32Array } {
  const m = joins.length;
  const fromPlace = new Int32Array(m);
  const toPlace = new Int32Array(m);
  for (let j = 0; j < m; j++) {
    fromPlace[j] = stepIndex.get(joins[j].from) ?? -1;
    toPlace[j] = stepIndex.get(joins[j].to) ?? -1;
  }
  const compare = (x: number, y: number) => {
    const a = joins[x];
    const b = joins[y];
    return (
      fromPlace[x] - fromPlace[y] ||
      toPlace[x] - toPlace[y] ||
      compareText(text(a.label), text(b.label)) ||
      compareText(a.handoff, b.handoff) ||
      number(a.waitMinutes) - number(b.waitMinutes) ||
      number(a.share) - number(b.share) ||
      Number(a.rework ?? false) - Number(b.rework ?? false) ||
      compareText(text(a.notes), text(b.notes)) ||
      compareText(a.id, b.id)
    );
  };
  // Already in order (a map re-read as people type): no sort.
  let inOrder = true;
  for (let j = 1; j < m && inOrder; j++) if (compare(j - 1, j) > 0) inOrder = false;
  if (inOrder) return { joins: [...joins], from: fromPlace, to: toPlace };
  // The same order as a stable sort of the joins with `compare`: ends first, by two linear counting
  // sorts (to, then from); then each run of joins between the same two steps (nearly always one
  // join) by the rest of `compare`.
  const order = countingSort(countingSort(identity(m), toPlace, n), fromPlace, n);
  for (let start = 0, end = 1; start < m; start = end, end = start + 1) {
    while (end < m && fromPlace[order[end]] === fromPlace[order[start]] && toPlace[order[end]] === toPlace[order[start]]) end += 1;
    if (end - start > 1) order.set(Array.from(order.subarray(start, end)).sort(compare), start);
  }
  // A plain loop: Array.from over a typed array goes through its iterator, an object per join.
  const sorted: Join[] = new Array(m);
  const from = new Int32Array(m);
  const to = new Int32Array(m);
  for (let k = 0; k < m; k++) {
    sorted[k] = joins[order[k]];
    from[k] = fromPlace[order[k]];
    to[k] = toPlace[order[k]];
  }
  return { joins: sorted, from, to };
}

/** Kahn's algorithm over the joins that do not close a loop, ready steps taken in canonical order. */
function topologicalOrder(graph: Adjacency, backEdge: Uint8Array): { order: Int32Array; position: Int32Array } {
  const n = graph.steps.length;
  const pending = new Int32Array(n);
  for (let j = 0; j < graph.to.length; j++) if (!backEdge[j] && graph.to[j] >= 0 && graph.from[j] >= 0) pending[graph.to[j]] += 1;
  const order = new Int32Array(n);
  let tail = 0;
  for (let i = 0; i < n; i++) if (pending[i] === 0) order[tail++] = i;
  for (let head = 0; head < tail; head++) {
    const v = order[head];
    for (let k = graph.outStart[v]; k < graph.outStart[v + 1]; k++) {
      const j = graph.outJoins[k];
      if (!backEdge[j] && --pending[graph.to[j]] === 0) order[tail++] = graph.to[j];
    }
  }
  const position = new Int32Array(n);
  for (let k = 0; k < n; k++) position[order[k]] = k;
  return { order, position };
}

type Adjacency = Pick<Graph, 'stepCount' | 'steps' | 'from' | 'to' | 'outStart' | 'outJoins' | 'inStart' | 'inJoins'>;

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

/** The steps a walk from the sources reaches (a source reaches itself): `walk(...).seen`, without the rest of a walk. */
function reached(graph: Adjacency, sources: readonly number[], direction: 'out' | 'in'): Uint8Array {
  const [start, rows, next] =
    direction === 'out' ? [graph.outStart, graph.outJoins, graph.to] : [graph.inStart, graph.inJoins, graph.from];
  const seen = new Uint8Array(graph.steps.length);
  const queue = new Int32Array(graph.steps.length);
  let tail = 0;
  for (const s of sources) {
    if (seen[s]) continue;
    seen[s] = 1;
    queue[tail++] = s;
  }
  for (let head = 0; head < tail; head++) {
    const v = queue[head];
    for (let k = start[v]; k < start[v + 1]; k++) {
      const w = next[rows[k]];
      if (seen[w]) continue;
      seen[w] = 1;
      queue[tail++] = w;
    }
  }
  return seen;
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
