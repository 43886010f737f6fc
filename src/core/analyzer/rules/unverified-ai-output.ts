import { stepName, walk } from '../graph';
import type { Rule } from '../types';

type Options = Record<string, never>;

const isGate = (kind: string) => kind === 'verification' || kind === 'approval';

/**
 * An `ai` step whose output can reach an `end` without passing a verification or approval
 * step. One walk back from all ends that stops at gates finds every such AI step at once; the
 * end it names is the nearest one (fewest joins), ties by map order.
 */
export const unverifiedAiOutput: Rule<Options> = {
  meta: {
    id: 'unverified-ai-output',
    surface: 'governance',
    defaultSeverity: 'warning',
    defaultOptions: {},
    name: 'AI output goes out unchecked',
    why: 'An AI output that reaches the outcome with no check or approval is a launch risk nobody signed: governance blocks the rollout, or the first bad output does.',
    fix: 'Add a verification (a sample check, an automated test) or an approval before the output leaves the line, or waive it with the reason the output is safe unchecked.',
    fixModel: "No time impact: an unchecked output blocks the launch, not the line's minutes.",
  },
  check({ graph }, report) {
    const { seen, via } = walk(graph, graph.ends, 'in', (v) => !isGate(graph.steps[v].kind));
    for (const ai of graph.aiSteps) {
      if (!seen[ai]) continue;
      let end = ai;
      while (via[end] >= 0) end = graph.to[via[end]];
      report({
        targets: [graph.steps[ai].id, graph.steps[end].id],
        message: `The output of ${stepName(graph, ai)} can reach ${stepName(graph, end)} without any verification or approval`,
        evidence: { end: graph.steps[end].id },
      });
    }
  },
};
