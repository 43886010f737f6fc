import type { Graph } from './graph';

/**
 * The expected visits of each step per item that enters the map: how many times, on average, an
 * item passes it. One walk in topological order over the joins that do not close a loop, in which
 * a loop's header (the step its ways back return to) counts every pass: the items that reach it
 * from before the loop times the loop's repeats, 1 / (1 − p) for the chance p that a pass goes
 * round again. Its steps and what follows the loop then get their items from the header as from
 * any step, so every item that leaves the loop reaches what comes after it, once.
 *
 * - Repeats are computed from the innermost loop out: a pass through a loop counts the repeats of
 *   the loops inside it.
 * - Where ways meet, items add up, but never past the items of the step every way there passes
 *   (the nearest dominator) times the repeats of the loops the step lies in and that step does
 *   not: parallel branches that meet again carry one item, not two.
 * - A way back to a step that some items bypass (a rework join to a step that does not dominate
 *   its source, or the break of a loop with several ways in): the items that reached the way back
 *   without passing that step are sent back too, and the walk from that step is done again.
 */

/** A way back into a loop, with a known rework rate. */
export interface WayBack {
  join: number;
  from: number;
  to: number;
  /** The share of the items leaving `from` that go back. */
  rate: number;
}

/** A loop: the ways back into one step (its header), and the steps on some way from it to them. */
interface Loop {
  header: number;
  waysBack: (WayBack & { perPass: number })[];
  body: Set<number>;
  /** Visits of the header per item that reaches it from before the loop. */
  repeats: number;
}

const ROOT = -1; // a virtual step before every start: every item passes it once
const UNREACHED = -2;
/** Loops that go round more than this often per pass are capped: the data says items never leave. */
const MAX_REWORK = 0.95;
/** Items below this share of a step's visits are rounding, not items that bypassed a loop's header. */
const ROUNDING = 1e-9;

export function expectedVisits(graph: Graph, probability: Float64Array, waysBack: readonly WayBack[]): Float64Array {
  const dominator = forwardDominators(graph);
  const reached = (v: number) => dominator[v] !== UNREACHED;
  const walk = new VisitWalk(graph, probability, dominator, loopsOf(graph, waysBack.filter((w) => reached(w.from) && reached(w.to))));
  return walk.visits();
}

/** The nearest dominator of each step over the joins that do not close a loop (ROOT before the starts, UNREACHED where no start reaches). */
function forwardDominators(graph: Graph): Int32Array {
  const { order, position, inStart, inJoins, from, backEdge, starts, stepCount: n } = graph;
  const dominator = new Int32Array(n).fill(UNREACHED);
  const positionOf = (v: number) => (v === ROOT ? -1 : position[v]);
  const meet = (a: number, b: number) => {
    while (a !== b) {
      while (positionOf(a) > positionOf(b)) a = dominator[a];
      while (positionOf(b) > positionOf(a)) b = dominator[b];
    }
    return a;
  };
  for (const s of starts) dominator[s] = ROOT;
  for (let k = 0; k < n; k++) {
    const v = order[k];
    if (dominator[v] === ROOT) continue; // a start
    let idom = UNREACHED;
    for (let e = inStart[v]; e < inStart[v + 1]; e++) {
      const j = inJoins[e];
      const u = from[j];
      if (backEdge[j] || u < 0 || dominator[u] === UNREACHED) continue;
      idom = idom === UNREACHED ? u : meet(idom, u);
    }
    dominator[v] = idom;
  }
  return dominator;
}

/** The loops by header, innermost (latest header in topological order) first. */
function loopsOf(graph: Graph, waysBack: readonly WayBack[]): Loop[] {
  const byHeader = new Map<number, Loop>();
  for (const way of waysBack) {
    const loop = byHeader.get(way.to) ?? { header: way.to, waysBack: [], body: new Set<number>(), repeats: 1 };
    loop.waysBack.push({ ...way, perPass: 0 });
    for (const v of loopBody(graph, way.to, way.from)) loop.body.add(v);
    byHeader.set(way.to, loop);
  }
  return [...byHeader.values()].sort((a, b) => graph.position[b.header] - graph.position[a.header]);
}

class VisitWalk {
  private readonly loopAt = new Map<number, Loop>();
  /** Per step, the headers of the loops whose body holds it (most steps: none). */
  private readonly inLoops: (number[] | undefined)[];
  private readonly waysBackFrom = new Map<number, (WayBack & { perPass: number })[]>();

  constructor(
    private readonly graph: Graph,
    private readonly probability: Float64Array,
    private readonly dominator: Int32Array,
    loops: readonly Loop[],
  ) {
    this.inLoops = new Array(graph.stepCount);
    const [pass, sentBack] = [new Float64Array(graph.stepCount), new Float64Array(graph.stepCount)];
    for (const loop of loops) {
      this.loopAt.set(loop.header, loop);
      for (const v of loop.body) this.inLoops[v] = [...(this.inLoops[v] ?? []), loop.header];
      for (const way of loop.waysBack) this.waysBackFrom.set(way.from, [...(this.waysBackFrom.get(way.from) ?? []), way]);
      this.repeat(loop, pass, sentBack);
    }
  }

  /** One pass through the loop from its header, the loops inside it already repeated: the chance it goes round again. */
  private repeat(loop: Loop, pass: Float64Array, sentBack: Float64Array): void {
    const { position } = this.graph;
    const steps = [...loop.body].sort((a, b) => position[a] - position[b]);
    pass[loop.header] = 1;
    this.walk(steps, pass, sentBack, loop);
    let again = 0;
    for (const way of loop.waysBack) {
      way.perPass = pass[way.from];
      again += way.rate * way.perPass;
    }
    loop.repeats = 1 / (1 - Math.min(again, MAX_REWORK));
    for (const v of steps) {
      pass[v] = 0;
      sentBack[v] = 0;
    }
  }

  /** Per item that enters the map. */
  visits(): Float64Array {
    const { order, starts, stepCount: n } = this.graph;
    const visits = new Float64Array(n);
    for (const s of starts) visits[s] = 1 / starts.length;
    this.walk(order, visits, new Float64Array(n));
    return visits;
  }

  /**
   * The walk over `steps` in topological order (within one pass through `pass`: its body, the
   * header's visits set). After a way back's step, the items that reached it without passing its
   * header (none, when the header dominates it) go back too: the header counts them, and the walk
   * from the header to here is done again.
   */
  private walk(steps: ArrayLike<number>, visits: Float64Array, sentBack: Float64Array, pass?: Loop): void {
    const { isStart } = this.graph;
    const place = pass ? new Map(Array.from(steps, (v, k) => [v, k])) : undefined;
    const placeOf = (v: number) => (place ? (place.get(v) ?? -1) : this.graph.position[v]);
    const visit = (v: number) => {
      if (isStart[v] || this.dominator[v] === UNREACHED || v === pass?.header) return;
      visits[v] = (this.arriving(v, visits, pass) + sentBack[v]) * (this.loopAt.get(v)?.repeats ?? 1);
    };
    for (let k = 0; k < steps.length; k++) {
      const u = steps[k];
      visit(u);
      for (const way of this.waysBackFrom.get(u) ?? []) {
        const at = placeOf(way.to);
        if (at < 0 || way.to === pass?.header) continue; // this pass's own way back, or a loop around it
        const bypassed = visits[u] - way.perPass * visits[way.to];
        if (bypassed <= ROUNDING * visits[u]) continue;
        sentBack[way.to] += way.rate * bypassed;
        for (let again = at; again <= k; again++) visit(steps[again]);
      }
    }
  }

  /**
   * Items reaching `v` over the joins that do not close a loop, capped at its nearest dominator's
   * times the repeats of the loops `v` lies in and the dominator does not. Within one pass through
   * `pass`, only from the loop's own steps, and that loop's repeats are not counted.
   */
  private arriving(v: number, visits: Float64Array, pass?: Loop): number {
    const { inStart, inJoins, from, backEdge } = this.graph;
    let sum = 0;
    for (let e = inStart[v]; e < inStart[v + 1]; e++) {
      const j = inJoins[e];
      const u = from[j];
      if (backEdge[j] || u < 0 || this.dominator[u] === UNREACHED || (pass && !pass.body.has(u))) continue;
      sum += visits[u] * this.probability[j];
    }
    const idom = this.dominator[v];
    if (pass && !pass.body.has(idom)) return sum;
    let rounds = 1;
    for (const h of this.inLoops[v] ?? []) {
      const loop = this.loopAt.get(h) as Loop;
      if (h !== v && loop !== pass && !loop.body.has(idom)) rounds *= loop.repeats;
    }
    return Math.min(sum, (idom === ROOT ? 1 : visits[idom]) * rounds);
  }
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
