import { stepName } from '../graph';
import { percent } from '../text';
import type { Rule } from '../types';

type Options = { maxOverrideRate: number };

/**
 * An `ai` step whose reviewers override more than `maxOverrideRate` of its outputs. An `ai`
 * step with no overrideRate recorded gives an `info` finding: without it nobody knows whether
 * the step is stable enough to stop re-checking.
 */
export const overrideRate: Rule<Options> = {
  meta: {
    id: 'override-rate',
    surface: 'evaluation',
    defaultSeverity: 'warning',
    defaultOptions: { maxOverrideRate: 0.15 },
    name: 'Outputs often overridden',
    why: 'When reviewers override many outputs, nobody trusts the step, every output is re-checked, and each prompt change shifts behaviour again: there is no stable baseline to ship.',
    fix: 'Build the evaluation layer: a fixed test set from the overridden cases, a measured baseline, and a gate that each prompt or model change must pass.',
    fixModel: "No time impact: overrides block trust in the output, not the line's minutes.",
  },
  check({ graph }, report, { maxOverrideRate }) {
    for (const s of graph.aiSteps) {
      const step = graph.steps[s];
      if (step.overrideRate === undefined) {
        report({
          targets: [step.id],
          severity: 'info',
          incomplete: true,
          message: `${stepName(graph, s)} cannot be judged: it has no override rate`,
          evidence: { missing: [`${stepName(graph, s)} has no override rate`] },
        });
      } else if (step.overrideRate > maxOverrideRate) {
        report({
          targets: [step.id],
          message: `Reviewers override ${percent(step.overrideRate)} of the outputs of ${stepName(graph, s)} (more than ${percent(maxOverrideRate)})`,
          evidence: { overrideRate: step.overrideRate, maxOverrideRate },
        });
      }
    }
  },
};
