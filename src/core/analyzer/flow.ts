import type { Graph } from './graph';

/**
 * How items flow through the map: which way each item takes, and how often each step is
 * visited per item that enters. This is what turns a step's minutes into staff minutes per item.
 *
 * - A step whose outgoing joins carry shares is a choice: each item takes one way. Joins without
 *   a share split what the shares leave (shares that add up past 1 are scaled down to 1).
 *   Elsewhere an item takes every outgoing join (parallel work).
 * - Items enter through the starts, split evenly among several.
 * - Where ways meet, their items add up, but never past the items of the step that every way
 *   there passes (the nearest dominator): parallel branches that meet again carry one item, not two.
 * - A loop's steps are visited 1 / (1 − q) times, q being the chance that a pass through the loop
 *   goes round again (the rework rate of its way back). A way back with no share has no known
 *   rate: it counts once, and is reported as a missing number.
 */
export interface Flow {
  /** Per join: the share of the items leaving its from-step that take it. */
  probability: Float64Array;
  /** Per step: 1 when its outgoing joins carry shares. */
  isChoice: Uint8Array;
  /** Per step: expected visits per item that enters the map (0 where no start reaches it). */
  visits: Float64Array;
  /** Joins back into a loop whose rate is unknown. */
  unknownRates: number[];
  /** True when any join carries a share (so a typical path exists). */
  hasShares: boolean;
}

/** Loops that go round more than this often per pass are capped: the data says items never leave. */
const MAX_REWORK = 0.95;

export function computeFlow(graph: Graph): Flow {
  const { probability, isChoice, hasShares } = probabilities(graph);
  const visits = visitsWithoutLoops(graph, probability);
  const unknownRates = repeatLoops(graph, probability, isChoice, visits);
  return { probability, isChoice, visits, unknownRates, hasShares };
}

function probabilities(graph: Graph) {
  const { joins, outStart, outJoins, stepCount: n } = graph;
  const probability = new Float64Array(joins.length).fill(1);
  const isChoice = new Uint8Array(n);
  let hasShares = false;
  for (let v = 0; v < n; v++) {
    let given = 0;
    let unshared = 0;
    for (let k = outStart[v]; k < outStart[v + 1]; k++) {
      const share = joins[outJoins[k]].share;
      if (share === undefined) unshared += 1;
      else given += share;
    }
    if (unshared === outStart[v + 1] - outStart[v]) continue;
    isChoice[v] = 1;
    hasShares = true;
    const scale = given > 1 ? 1 / given : 1;
    const rest = unshared > 0 ? Math.max(0, 1 - given) / unshared : 0;
    for (let k = outStart[v]; k < outStart[v + 1]; k++) {
      const share = joins[outJoins[k]].share;
      probability[outJoins[k]] = share === undefined ? rest : share * scale;
    }
  }
  return { probability, isChoice, hasShares };
}

/** Visits over the joins that do not close a loop, in topological order, capped at the dominator's. */
function visitsWithoutLoops(graph: Graph, probability: Float64Array): Float64Array {
  const { order, position, inStart, inJoins, from, backEdge, starts, stepCount: n } = graph;
  const visits = new Float64Array(n);
  const ROOT = -1; // a virtual step before every start
  const dominator = new Int32Array(n).fill(-2); // -2: no start reaches it
  const positionOf = (v: number) => (v === ROOT ? -1 : position[v]);
  const meet = (a: number, b: number) => {
    while (a !== b) {
      while (positionOf(a) > positionOf(b)) a = dominator[a];
      while (positionOf(b) > positionOf(a)) b = dominator[b];
    }
    return a;
  };
  for (const s of starts) {
    visits[s] = 1 / starts.length;
    dominator[s] = ROOT;
  }
  for (let k = 0; k < n; k++) {
    const v = order[k];
    if (dominator[v] === ROOT) continue; // a start
    let sum = 0;
    let idom = -2;
    for (let e = inStart[v]; e < inStart[v + 1]; e++) {
      const j = inJoins[e];
      const u = from[j];
      if (backEdge[j] || u < 0 || dominator[u] === -2) continue;
      sum += visits[u] * probability[j];
      idom = idom === -2 ? u : meet(idom, u);
    }
    if (idom === -2) continue;
    dominator[v] = idom;
    visits[v] = Math.min(sum, idom === ROOT ? 1 : visits[idom]);
  }
  return visits;
}

/** Multiplies the visits of each loop's steps by its repeats; returns the ways back with no known rate. */
function repeatLoops(graph: Graph, probability: Float64Array, isChoice: Uint8Array, visits: Float64Array): number[] {
  const { backEdge, from, to, joins } = graph;
  const byHeader = new Map<number, { again: number; members: Set<number> }>();
  const unknown: number[] = [];
  for (let j = 0; j < joins.length; j++) {
    if (!backEdge[j] || from[j] < 0 || to[j] < 0) continue;
    const [u, h] = [from[j], to[j]];
    if (visits[u] <= 0 || visits[h] <= 0) continue;
    const rate = joins[j].share ?? (isChoice[u] ? probability[j] : undefined);
    if (rate === undefined) {
      unknown.push(j);
      continue;
    }
    const loop = byHeader.get(h) ?? { again: 0, members: new Set<number>() };
    loop.again += Math.min(1, visits[u] / visits[h]) * rate;
    for (const v of loopBody(graph, h, u)) loop.members.add(v);
    byHeader.set(h, loop);
  }
  const factor = new Float64Array(visits.length).fill(1);
  for (const { again, members } of byHeader.values()) {
    const repeats = 1 / (1 - Math.min(again, MAX_REWORK));
    for (const v of members) factor[v] *= repeats;
  }
  for (let v = 0; v < visits.length; v++) visits[v] *= factor[v];
  return unknown;
}

/**
 * The steps on some way from the header to the step that goes back to it, over the joins that do
 * not close a loop: walked back from that step, never before the header in topological order, so
 * the walk stays inside the loop's stretch of the map.
 */
function loopBody(graph: Graph, header: number, back: number): number[] {
  const { position, inStart, inJoins, outStart, outJoins, from, to, backEdge } = graph;
  const floor = position[header];
  const reaches = new Set<number>([back]);
  const queue = [back];
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head];
    if (v === header) continue;
    for (let e = inStart[v]; e < inStart[v + 1]; e++) {
      const j = inJoins[e];
      const u = from[j];
      if (backEdge[j] || u < 0 || position[u] < floor || reaches.has(u)) continue;
      reaches.add(u);
      queue.push(u);
    }
  }
  // Of those, the ones the header reaches.
  const body = new Set<number>([header]);
  const forward = [header];
  for (let head = 0; head < forward.length; head++) {
    const v = forward[head];
    for (let e = outStart[v]; e < outStart[v + 1]; e++) {
      const j = outJoins[e];
      const w = to[j];
      if (backEdge[j] || !reaches.has(w) || body.has(w)) continue;
      body.add(w);
      forward.push(w);
    }
  }
  return [...body];
}
