import { stepName } from '../graph';
import { listOf } from '../text';
import type { Rule } from '../types';

type Options = { minApprovals: number };

/** Targets name the approvals on the path up to this many: enough to find them, bounded on huge maps. */
const MAX_LISTED = 10;

/**
 * An `ai` step whose output passes `minApprovals` or more approval steps on some way to an end.
 * The most approvals on any path is a longest-path count over the joins that are not back
 * edges (a rework loop does not multiply approvals), one pass in topological order. The
 * finding names the approvals on the first such path in map order.
 */
export const approvalChain: Rule<Options> = {
  meta: {
    id: 'approval-chain',
    surface: 'workflow',
    defaultSeverity: 'warning',
    defaultOptions: { minApprovals: 3 },
    why: 'Each sign-off adds a queue; three in a row and the line moves at the speed of its approvers, whatever the AI does.',
    fix: 'Merge the approvals into one with the right authority, approve by rule (thresholds, sampling) instead of by person, or run them in parallel.',
  },
  check({ graph }, report, { minApprovals }) {
    const { steps, outStart, outJoins, to, backEdge, postorder } = graph;
    const n = steps.length;
    // most[v]: the most approvals on a path from v to an end (-1: no end reachable), via next[v].
    // nextApproval[v] and endOf[v] follow that path, so listing it costs its approvals, not its length.
    const most = new Int32Array(n).fill(-1);
    const next = new Int32Array(n).fill(-1);
    const nextApproval = new Int32Array(n).fill(-1);
    const endOf = new Int32Array(n).fill(-1);
    for (const v of postorder) {
      const isEnd = steps[v].kind === 'end';
      let best = isEnd ? 0 : -1;
      for (let k = outStart[v]; k < outStart[v + 1]; k++) {
        const w = to[outJoins[k]];
        if (!backEdge[outJoins[k]] && most[w] > best) {
          best = most[w];
          next[v] = w;
        }
      }
      if (best < 0) continue;
      const isApproval = steps[v].kind === 'approval';
      most[v] = best + (isApproval ? 1 : 0);
      endOf[v] = isEnd ? v : endOf[next[v]];
      nextApproval[v] = isApproval ? v : next[v] >= 0 ? nextApproval[next[v]] : -1;
    }
    for (const ai of graph.aiSteps) {
      const count = most[ai];
      if (count < minApprovals || count < 1) continue;
      const approvals: number[] = [];
      // An approval is never an end, so next[a] ≥ 0 whenever the path goes on.
      for (let a = nextApproval[ai]; a >= 0 && approvals.length < MAX_LISTED; a = nextApproval[next[a]]) approvals.push(a);
      const names = approvals.slice(0, 5).map((a) => stepName(graph, a));
      report({
        targets: [steps[ai].id, ...approvals.map((a) => steps[a].id)],
        message: `The output of ${stepName(graph, ai)} passes ${count} approvals before ${stepName(graph, endOf[ai])}: ${listOf(names, 5, count)}`,
        evidence: { approvals: count, end: steps[endOf[ai]].id },
      });
    }
  },
};
