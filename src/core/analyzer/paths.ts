import type { LoopAdjacency } from './loops';

/**
 * Longest start-to-end paths over the joins that do not close a loop, and what they become when
 * some minutes drop (a fix model). Weights sit on steps and joins; the graph is walked in a
 * topological order, so everything here is linear in the map.
 */

export interface PathGraph extends LoopAdjacency {
  starts: readonly number[];
  ends: readonly number[];
  isStart: Uint8Array;
  isEnd: Uint8Array;
  /** Steps in topological order over the joins that do not close a loop, and each step's place in it. */
  order: Int32Array;
  position: Int32Array;
}

export interface CriticalPath {
  /** Step indices from a start to an end; empty when no start reaches an end. */
  steps: number[];
  /** Join indices between them (one fewer than steps). */
  joins: number[];
  minutes: number;
}

/** Minutes per item on each step and join, as the critical path counts them. */
export interface PathWeights {
  step: Float64Array;
  join: Float64Array;
}

/** New, lower minutes for some steps and joins: what a fix model leaves. */
export type WeightChange = WeightMaps | WeightLists;

export interface WeightMaps {
  steps: ReadonlyMap<number, number>;
  joins: ReadonlyMap<number, number>;
}

/**
 * The same as flat lists: index, minutes, index, minutes, …, each index once. Thousands of fixes
 * are weighed in one analysis; two small arrays each cost far less than two maps and their
 * iterators.
 */
export interface WeightLists {
  stepList: readonly number[];
  joinList: readonly number[];
}

function asLists(change: WeightChange): WeightLists {
  if ('stepList' in change) return change;
  return { stepList: [...change.steps].flat(), joinList: [...change.joins].flat() };
}

const NONE = Number.NEGATIVE_INFINITY;

/** Steps the windows of `after` may walk together: a few walks of the whole map, and never fewer than this floor. */
const WALK_BUDGET = 8;
const WALK_BUDGET_FLOOR = 100_000;

interface Window {
  change: number;
  /** The change's first and last place in the topological order. */
  first: number;
  last: number;
  /** Minutes it takes off the critical path itself. */
  onPath: number;
}

export class LongestPaths {
  /** Longest from a start to each step, the step's own minutes included (NONE: no start reaches it). */
  private readonly forward: Float64Array;
  /** Longest from each step to an end, the step's own minutes included (NONE: it reaches no end). */
  private readonly backward: Float64Array;
  readonly critical: CriticalPath;
  private readonly onPath: { steps: Uint8Array; joins: Uint8Array };

  /** `usable[j]`: 1 where join j may be walked (not a loop's way back; for the typical path, the likeliest way at a choice). */
  constructor(
    private readonly graph: PathGraph,
    private readonly weights: PathWeights,
    private readonly usable: Uint8Array,
  ) {
    const n = graph.stepCount;
    const { from, to, inStart, inJoins, outStart, outJoins, order, isEnd } = graph;
    const forward = new Float64Array(n).fill(NONE);
    const via = new Int32Array(n).fill(-1);
    for (const s of graph.starts) forward[s] = weights.step[s];
    for (let k = 0; k < n; k++) {
      const v = order[k];
      for (let e = inStart[v]; e < inStart[v + 1]; e++) {
        const j = inJoins[e];
        if (!usable[j] || forward[from[j]] === NONE) continue;
        const candidate = forward[from[j]] + weights.join[j] + weights.step[v];
        if (candidate > forward[v]) {
          forward[v] = candidate;
          via[v] = j;
        }
      }
    }
    const backward = new Float64Array(n).fill(NONE);
    for (let k = n - 1; k >= 0; k--) {
      const v = order[k];
      let best = isEnd[v] ? 0 : NONE;
      for (let e = outStart[v]; e < outStart[v + 1]; e++) {
        const j = outJoins[e];
        if (usable[j] && backward[to[j]] !== NONE) best = Math.max(best, weights.join[j] + backward[to[j]]);
      }
      backward[v] = best === NONE ? NONE : best + weights.step[v];
    }
    this.forward = forward;
    this.backward = backward;
    this.critical = trace(graph, forward, via);
    const steps = new Uint8Array(n);
    const joins = new Uint8Array(from.length);
    for (const s of this.critical.steps) steps[s] = 1;
    for (const j of this.critical.joins) joins[j] = 1;
    this.onPath = { steps, joins };
  }

  /** Whether a step or join lies on the critical path: a change elsewhere cannot shorten it. */
  onPathStep(step: number): boolean {
    return this.onPath.steps[step] === 1;
  }

  onPathJoin(join: number): boolean {
    return this.onPath.joins[join] === 1;
  }

  get minutes(): number {
    return this.critical.minutes;
  }

  /**
   * The longest path's minutes after each change, for many changes at once. Minutes only drop,
   * so a change that misses the critical path leaves it as it is. Otherwise only the steps
   * between the change's first and last place in the topological order (its window) are walked
   * again; every path that skips the window keeps its minutes, and the longest of those comes
   * from one sweep over all joins for all changes together (a Fenwick tree of suffix maxima).
   * Cost: O((joins + changes) log steps) plus the windows, instead of a full walk per change.
   *
   * The windows are walked narrowest first within a budget of a few walks of the whole map. A
   * window past it (a fix spread over thousands of steps, on maps far larger than people draw)
   * gets a bound instead: the longer of the paths that skip it and the critical path with the
   * change applied. The true longest path is at least that long, so there the impact is an upper
   * bound, exact whenever the changed critical path stays the longest.
   */
  after(changes: readonly WeightChange[], budget = Math.max(WALK_BUDGET_FLOOR, WALK_BUDGET * (this.graph.stepCount + this.graph.from.length))): number[] {
    const result = changes.map(() => this.minutes);
    const lists = changes.map(asLists);
    const windows: Window[] = [];
    lists.forEach(({ stepList, joinList }, c) => {
      let onPath = 0; // minutes the change takes off the critical path itself
      let touches = false;
      let first = Number.POSITIVE_INFINITY;
      let last = -1;
      for (let k = 0; k < stepList.length; k += 2) {
        const s = stepList[k];
        if (this.onPath.steps[s]) {
          touches = true;
          onPath += this.weights.step[s] - stepList[k + 1];
        }
        first = Math.min(first, this.graph.position[s]);
        last = Math.max(last, this.graph.position[s]);
      }
      for (let k = 0; k < joinList.length; k += 2) {
        const j = joinList[k];
        if (this.onPath.joins[j]) {
          touches = true;
          onPath += this.weights.join[j] - joinList[k + 1];
        }
        // A join's minutes count where it arrives.
        first = Math.min(first, this.graph.position[this.graph.to[j]]);
        last = Math.max(last, this.graph.position[this.graph.to[j]]);
      }
      if (touches) windows.push({ change: c, first, last, onPath });
    });
    if (windows.length === 0) return result;
    windows.sort((a, b) => a.first - b.first);
    const skipping = this.pathsSkipping(windows);
    const scratch = new Float64Array(this.graph.stepCount);
    // The weights as a change leaves them: written in before its walk and put back after, so a walk reads
    // an array, not a lookup per step and join.
    const changed = { step: this.weights.step.slice(), join: this.weights.join.slice() };
    const byWidth = windows.map((window, w) => ({ window, w })).sort((a, b) => a.window.last - a.window.first - (b.window.last - b.window.first));
    let left = budget;
    for (const { window, w } of byWidth) {
      left -= window.last - window.first + 1;
      let through = this.minutes - window.onPath;
      if (left >= 0) {
        const { stepList, joinList } = lists[window.change];
        for (let k = 0; k < stepList.length; k += 2) changed.step[stepList[k]] = stepList[k + 1];
        for (let k = 0; k < joinList.length; k += 2) changed.join[joinList[k]] = joinList[k + 1];
        through = this.pathsThrough(window.first, window.last, changed, scratch);
        for (let k = 0; k < stepList.length; k += 2) changed.step[stepList[k]] = this.weights.step[stepList[k]];
        for (let k = 0; k < joinList.length; k += 2) changed.join[joinList[k]] = this.weights.join[joinList[k]];
      }
      result[window.change] = Math.max(0, skipping[w], through);
    }
    return result;
  }

  /** Per window (sorted by first place): the longest path with no step inside the window. */
  private pathsSkipping(windows: readonly Window[]): number[] {
    const { order, position, outStart, outJoins, to, isEnd, stepCount: n } = this.graph;
    const { forward, backward, usable, weights } = this;
    const best = new SuffixMax(n + 1); // place n: "after every step", where paths end
    for (const s of this.graph.starts) if (backward[s] !== NONE) best.add(position[s], backward[s]);
    const out: number[] = [];
    let k = 0;
    for (const { first, last } of windows) {
      for (; k < first; k++) {
        const u = order[k];
        if (forward[u] === NONE) continue;
        if (isEnd[u]) best.add(n, forward[u]);
        for (let e = outStart[u]; e < outStart[u + 1]; e++) {
          const j = outJoins[e];
          if (usable[j] && backward[to[j]] !== NONE) best.add(position[to[j]], forward[u] + weights.join[j] + backward[to[j]]);
        }
      }
      out.push(best.after(last));
    }
    return out;
  }

  /** The longest path with a step inside the window [first, last], under the changed weights. */
  private pathsThrough(first: number, last: number, weights: PathWeights, changed: Float64Array): number {
    const { order, position, from, to, inStart, inJoins, outStart, outJoins, isStart, isEnd } = this.graph;
    const { forward, backward, usable } = this;
    const { step: stepWeight, join: joinWeight } = weights;
    let best = NONE;
    for (let k = first; k <= last; k++) {
      const v = order[k];
      let reach = isStart[v] ? stepWeight[v] : NONE;
      for (let e = inStart[v]; e < inStart[v + 1]; e++) {
        const j = inJoins[e];
        const u = from[j];
        const before = position[u] < first ? forward[u] : changed[u];
        if (usable[j] && before !== NONE) reach = Math.max(reach, before + joinWeight[j] + stepWeight[v]);
      }
      changed[v] = reach;
      if (reach === NONE) continue;
      if (isEnd[v]) best = Math.max(best, reach);
      for (let e = outStart[v]; e < outStart[v + 1]; e++) {
        const j = outJoins[e];
        if (usable[j] && position[to[j]] > last && backward[to[j]] !== NONE) best = Math.max(best, reach + joinWeight[j] + backward[to[j]]);
      }
    }
    return best;
  }
}

/** Walks `via` back from the end with the most minutes (the first in step order on a tie). */
function trace(graph: PathGraph, forward: Float64Array, via: Int32Array): CriticalPath {
  let end = -1;
  for (const e of graph.ends) if (forward[e] !== NONE && (end < 0 || forward[e] > forward[end])) end = e;
  if (end < 0) return { steps: [], joins: [], minutes: 0 };
  const steps = [end];
  const joins: number[] = [];
  for (let v = end; via[v] >= 0; v = graph.from[via[v]]) {
    joins.push(via[v]);
    steps.push(graph.from[via[v]]);
  }
  return { steps: steps.reverse(), joins: joins.reverse(), minutes: forward[end] };
}

/** The largest value added at a place after a given place: a Fenwick tree over the places reversed. */
class SuffixMax {
  private readonly tree: Float64Array;

  constructor(private readonly size: number) {
    this.tree = new Float64Array(size + 1).fill(NONE);
  }

  add(place: number, value: number): void {
    for (let i = this.size - place; i <= this.size; i += i & -i) if (value > this.tree[i]) this.tree[i] = value;
  }

  /** The largest value at a place greater than `place`. */
  after(place: number): number {
    let best = NONE;
    for (let i = this.size - place - 1; i > 0; i -= i & -i) if (this.tree[i] > best) best = this.tree[i];
    return best;
  }
}
