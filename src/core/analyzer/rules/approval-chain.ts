import { type Graph, stepName } from '../graph';
import { listOf } from '../text';
import type { Fix, Rule } from '../types';

type Options = { minApprovals: number };

/** Targets name the approvals on the path up to this many: enough to find them, bounded on huge maps. */
const MAX_LISTED = 10;

/** The message names this many approvals, then says how many more. */
const MAX_NAMED = 5;

/**
 * The fix model merges at most this many approvals (the first of a longer chain; its last stays).
 * No drawn workflow comes near it; generated maps of 50,000 steps do, and without a bound the
 * fixes of all AI steps on one long line would grow with the square of the map.
 */
const MAX_MERGED = 24;

/**
 * An `ai` step whose output passes `minApprovals` or more approval steps on some way to an end.
 * The most approvals on any path is a longest-path count over the joins that do not close a loop
 * (a rework loop does not multiply approvals), one pass in reverse topological order. An AI step
 * inside a loop through the approvals (reject, redraft, approve again) goes back to the loop's
 * header and on from there, so it counts the approvals from that header too. The finding names
 * the approvals on the first such path in step order.
 */
export const approvalChain: Rule<Options> = {
  meta: {
    id: 'approval-chain',
    surface: 'workflow',
    defaultSeverity: 'warning',
    defaultOptions: { minApprovals: 3 },
    name: 'Approvals in a row',
    why: 'Each sign-off adds a queue; three in a row and the line moves at the speed of its approvers, whatever the AI does.',
    fix: 'Merge the approvals into one with the right authority, approve by rule (thresholds, sampling) instead of by person, or run them in parallel.',
    fixModel: 'One approval remains (the last on the chain); the others do no work and have no wait.',
  },
  check({ graph }, report, { minApprovals }) {
    const { steps, outStart, outJoins, to, backEdge, order } = graph;
    const n = steps.length;
    // most[v]: the most approvals on a path from v to an end (-1: no end reachable), via next[v].
    // nextApproval[v] and endOf[v] follow that path, so listing it costs its approvals, not its length.
    const most = new Int32Array(n).fill(-1);
    const next = new Int32Array(n).fill(-1);
    const nextApproval = new Int32Array(n).fill(-1);
    const endOf = new Int32Array(n).fill(-1);
    for (let k = n - 1; k >= 0; k--) {
      const v = order[k];
      const isEnd = steps[v].kind === 'end';
      let best = isEnd ? 0 : -1;
      for (let e = outStart[v]; e < outStart[v + 1]; e++) {
        const j = outJoins[e];
        if (!backEdge[j] && most[to[j]] > best) {
          best = most[to[j]];
          next[v] = to[j];
        }
      }
      if (best < 0) continue;
      const isApproval = steps[v].kind === 'approval';
      most[v] = best + (isApproval ? 1 : 0);
      endOf[v] = isEnd ? v : endOf[next[v]];
      nextApproval[v] = isApproval ? v : next[v] >= 0 ? nextApproval[next[v]] : -1;
    }
    const viaLoop = loopHeaders(graph, most);
    // One fix entry per approval, shared by the findings of every AI step whose chain passes it:
    // on a long line the same approvals are merged in hundreds of fixes.
    const mergedAt = new Int32Array(n).fill(-1);
    const merged: Fix['steps'] = [];
    const mergedApproval = (a: number) => {
      if (mergedAt[a] < 0) mergedAt[a] = merged.push({ id: steps[a].id, workMinutes: 0, waitMinutes: 0 }) - 1;
      return merged[mergedAt[a]];
    };
    for (const ai of graph.aiSteps) {
      const header = viaLoop[ai];
      const from = header >= 0 && most[header] > most[ai] ? header : ai;
      const count = most[from];
      if (count < minApprovals || count < 1) continue;
      // The approvals on the path in step order, walked once into what uses them (no list of
      // them to copy from: thousands of findings on a long line): the first MAX_LISTED are
      // targets, the first MAX_NAMED are named, and the fix merges all but the last, at most MAX_MERGED.
      const merging = Math.min(count, MAX_MERGED + 1) - 1;
      const targets = [steps[ai].id];
      const names: string[] = [];
      const mergedSteps: Fix['steps'] = [];
      const mergedIndices: number[] = [];
      // The approval the fix keeps, the one after those it merges: whose authority the others' becomes.
      let kept = -1;
      // An approval is never an end, so next[a] ≥ 0 whenever the path goes on.
      for (let a = nextApproval[from], k = 0; a >= 0 && k < Math.max(MAX_LISTED, merging + 1); a = nextApproval[next[a]], k++) {
        if (k < MAX_LISTED) targets.push(steps[a].id);
        if (k < MAX_NAMED) names.push(stepName(graph, a));
        if (k < merging) {
          mergedSteps.push(mergedApproval(a));
          mergedIndices.push(a);
        } else if (k === merging) kept = a;
      }
      report({
        targets,
        message: `The output of ${stepName(graph, ai)} passes ${count} approvals before ${stepName(graph, endOf[from])}: ${listOf(names, MAX_NAMED, count)}`,
        evidence: { approvals: count, end: steps[endOf[from]].id, keeps: steps[kept]?.id ?? null },
        // In a redesign the merged approvals are taken out of the way (bypass.ts), not left as approvals that take no time.
        fix: { steps: mergedSteps, joins: [], bypass: mergedSteps.map((step) => step.id) },
        fixStepsAt: mergedIndices,
      });
    }
  },
};

/**
 * Per step: of the loop headers it can go back to (over a way back from it or from a step after
 * it), the one with the most approvals on to an end; -1 for none. Once `most` is known for every
 * step, one more pass in reverse topological order.
 */
function loopHeaders(graph: Graph, most: Int32Array): Int32Array {
  const { outStart, outJoins, to, backEdge, order } = graph;
  const via = new Int32Array(order.length).fill(-1);
  const pick = (current: number, candidate: number) => (candidate >= 0 && (current < 0 || most[candidate] > most[current]) ? candidate : current);
  for (let k = order.length - 1; k >= 0; k--) {
    const v = order[k];
    for (let e = outStart[v]; e < outStart[v + 1]; e++) {
      const j = outJoins[e];
      via[v] = pick(via[v], backEdge[j] ? to[j] : via[to[j]]);
    }
  }
  return via;
}
