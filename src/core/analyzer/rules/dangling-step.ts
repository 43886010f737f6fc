import { joinName, stepName } from '../graph';
import { listOf } from '../text';
import type { Rule } from '../types';

type Options = Record<string, never>;

/**
 * A step no `start` reaches or from which no `end` can be reached: the map is incomplete, so
 * its numbers are too. A map without a start or without an end gives one finding on the map's
 * id instead of one per step (every step would dangle, which says nothing more).
 *
 * A loop that can be entered at several steps is incomplete in another way: nothing says which
 * join sends the work back, so the metrics drop the joins back to every way in (loops.ts), and an
 * `info` finding asks the team to mark the rework join.
 */
export const danglingStep: Rule<Options> = {
  meta: {
    id: 'dangling-step',
    surface: 'architecture',
    defaultSeverity: 'warning',
    defaultOptions: {},
    name: 'A step off the line',
    why: 'A step off the line from trigger to outcome is work the map cannot account for: the lead time and the findings ignore it, and the live system will not behave like the drawing.',
    fix: 'Join the step to the line (or delete it), and make sure the map has a start and an end.',
    fixModel: "No time impact: a step off the line is missing from the numbers; join it and they show.",
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
    for (const loop of graph.ambiguousLoops) {
      const entries = listOf(loop.entries.map((s) => stepName(graph, s)));
      report({
        targets: loop.joins.map((j) => graph.joins[j].id),
        severity: 'info',
        incomplete: true,
        message: `The loop through ${entries} can be entered at each of them, so which join sends the work back is unclear: mark the rework join (until then the numbers leave out ${listOf(loop.joins.map((j) => joinName(graph, j)))})`,
        evidence: { entries: loop.entries.map((s) => graph.steps[s].id), missing: ['rework'] },
      });
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
