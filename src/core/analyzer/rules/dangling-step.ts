import { stepName } from '../graph';
import type { Rule } from '../types';

type Options = Record<string, never>;

/**
 * A step no `start` reaches or from which no `end` can be reached: the map is incomplete, so
 * its numbers are too. A map without a start or without an end gives one finding on the map's
 * id instead of one per step (every step would dangle, which says nothing more).
 */
export const danglingStep: Rule<Options> = {
  meta: {
    id: 'dangling-step',
    surface: 'architecture',
    defaultSeverity: 'warning',
    defaultOptions: {},
    why: 'A step off the line from trigger to outcome is work the map cannot account for: the lead time and the findings ignore it, and the live system will not behave like the drawing.',
    fix: 'Join the step to the line (or delete it), and make sure the map has a start and an end.',
  },
  check({ map, graph }, report) {
    const missing = [graph.starts.length === 0 ? 'start' : '', graph.ends.length === 0 ? 'end' : ''].filter(Boolean);
    if (missing.length > 0) {
      report({
        targets: [map.id],
        message: `The map has no ${missing.join(' and no ')} step, so no path runs from trigger to outcome`,
        evidence: { missing },
      });
      return;
    }
    graph.steps.forEach((step, i) => {
      const reached = graph.reachedFromStart[i] === 1;
      const leads = graph.reachesEnd[i] === 1;
      if (reached && leads) return;
      const problem = !reached && !leads ? 'is not reached from any start and leads to no end' : reached ? 'leads to no end' : 'is not reached from any start';
      report({
        targets: [step.id],
        message: `${stepName(graph, i)} ${problem}`,
        evidence: { reachedFromStart: reached, reachesEnd: leads },
      });
    });
  },
};
