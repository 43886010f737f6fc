import { expectedVisits, type WayBack } from './expected-visits';
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
 *   goes round again (the rework rate of its way back), and what follows the loop once: every
 *   item leaves it (expected-visits.ts). A way back with no share has no known rate: it counts
 *   once, and is reported as a missing number.
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

export function computeFlow(graph: Graph): Flow {
  const { probability, isChoice, hasShares } = probabilities(graph);
  const { known, unknown } = waysBack(graph, probability, isChoice);
  const visits = expectedVisits(graph, probability, known);
  const unknownRates = unknown.filter((j) => visits[graph.from[j]] > 0 && visits[graph.to[j]] > 0);
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

/**
 * The joins that close a loop, with their rework rate where the map gives it: the share of the
 * items leaving their step that take them, as at any choice (shares past 1 scaled down). A way
 * back from a step whose joins carry no share has no known rate.
 */
function waysBack(graph: Graph, probability: Float64Array, isChoice: Uint8Array): { known: WayBack[]; unknown: number[] } {
  const { backEdge, from, to, joins } = graph;
  const known: WayBack[] = [];
  const unknown: number[] = [];
  for (let j = 0; j < joins.length; j++) {
    if (!backEdge[j] || from[j] < 0 || to[j] < 0) continue;
    if (isChoice[from[j]]) known.push({ join: j, from: from[j], to: to[j], rate: probability[j] });
    else unknown.push(j);
  }
  return { known, unknown };
}
