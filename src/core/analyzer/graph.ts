import type { Handoff, Join, Step } from '../model';
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
  const stepIndex = new Map<string, number>();
  const starts: number[] = [];
  const ends: number[] = [];
  const aiSteps: number[] = [];
  const isStart = new Uint8Array(n);
  const isEnd = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const { id, kind } = steps[i];
    stepIndex.set(id, i);
    if (kind === 'start') starts.push(i);
    else if (kind === 'end') ends.push(i);
    else if (kind === 'ai') aiSteps.push(i);
    isStart[i] = kind === 'start' ? 1 : 0;
    isEnd[i] = kind === 'end' ? 1 : 0;
  }
  const joins = canonicalJoins(map.joins, stepIndex);
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
  const adjacency = { stepCount: n, steps, from, to, outStart, outJoins, inStart, inJoins };
  const loops = findLoops(adjacency, starts, (j) => joins[j].rework === true);
  const { order, position } = topologicalOrder(adjacency, loops.backEdge);
  const pathGraph: PathGraph = { ...adjacency, starts, ends, isStart, isEnd, order, position };
  const weights = pathWeights(steps, joins);
  const paths = new LongestPaths(pathGraph, weights, loops.backEdge.map((back) => (back ? 0 : 1)));
  return {
    ...pathGraph,
    steps,
    joins,
    stepIndex,
    joinIndex,
    aiSteps,
    reachedFromStart: walk(adjacency, starts, 'out').seen,
    reachesEnd: walk(adjacency, ends, 'in').seen,
    afterAi: walk(adjacency, aiSteps, 'out').seen,
    beforeAi: walk(adjacency, aiSteps, 'in').seen,
    backEdge: loops.backEdge,
    ambiguousLoops: loops.ambiguous,
    weights,
    paths,
    criticalPath: paths.critical,
  };
}

/**
 * A step's minutes per item on a path (work and wait), with some fields changed if given (a fix
 * model). A verification step counts its sampled share: the expected minutes per item.
 */
export function stepMinutes(step: Step, changed: { workMinutes?: number; waitMinutes?: number; sampleRate?: number } = {}): number {
  const minutes = (changed.workMinutes ?? step.workMinutes ?? 0) + (changed.waitMinutes ?? step.waitMinutes ?? 0);
  return step.kind === 'verification' ? minutes * (changed.sampleRate ?? step.sampleRate ?? 1) : minutes;
}

function pathWeights(steps: readonly Step[], joins: readonly Join[]): PathWeights {
  return { step: Float64Array.from(steps, (step) => stepMinutes(step)), join: Float64Array.from(joins, (j) => j.waitMinutes ?? 0) };
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
  return sortedIfNeeded(steps, compare);
}

/** Joins sorted by their ends' canonical places, then by what they say. */
function canonicalJoins(joins: readonly Join[], stepIndex: ReadonlyMap<string, number>): Join[] {
  const place = (id: string) => stepIndex.get(id) ?? -1;
  const compare = (a: Join, b: Join) =>
    place(a.from) - place(b.from) ||
    place(a.to) - place(b.to) ||
    compareText(text(a.label), text(b.label)) ||
    compareText(a.handoff, b.handoff) ||
    number(a.waitMinutes) - number(b.waitMinutes) ||
    number(a.share) - number(b.share) ||
    Number(a.rework ?? false) - Number(b.rework ?? false) ||
    compareText(text(a.notes), text(b.notes)) ||
    compareText(a.id, b.id);
  return sortedIfNeeded(joins, compare);
}

/** A sort that skips the copy's sort when the input is already in order (a map re-read as people type). */
function sortedIfNeeded<T>(items: readonly T[], compare: (a: T, b: T) => number): T[] {
  for (let i = 1; i < items.length; i++) if (compare(items[i - 1], items[i]) > 0) return [...items].sort(compare);
  return [...items];
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
