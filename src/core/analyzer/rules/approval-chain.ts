import { stepName } from '../graph';
import { listOf } from '../text';
import type { Rule } from '../types';

type Options = { minApprovals: number };

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
    // most[v]: the most approvals on a path from v to an end; -1 when no end is reachable.
    const most = new Int32Array(steps.length).fill(-1);
    const next = new Int32Array(steps.length).fill(-1);
    for (const v of postorder) {
      let best = steps[v].kind === 'end' ? 0 : -1;
      for (let k = outStart[v]; k < outStart[v + 1]; k++) {
        const w = to[outJoins[k]];
        if (!backEdge[outJoins[k]] && most[w] > best) {
          best = most[w];
          next[v] = w;
        }
      }
      most[v] = best < 0 ? -1 : best + (steps[v].kind === 'approval' ? 1 : 0);
    }
    for (const ai of graph.aiSteps) {
      if (most[ai] < minApprovals || most[ai] < 1) continue;
      const approvals: number[] = [];
      let end = ai;
      for (let v = ai; v >= 0; v = next[v]) {
        if (steps[v].kind === 'approval') approvals.push(v);
        end = v;
      }
      report({
        targets: [steps[ai].id, ...approvals.map((a) => steps[a].id)],
        message: `The output of ${stepName(graph, ai)} passes ${approvals.length} approvals before ${stepName(graph, end)}: ${listOf(
          approvals.map((a) => stepName(graph, a)),
          5,
        )}`,
        evidence: { approvals: approvals.length, end: steps[end].id },
      });
    }
  },
};
