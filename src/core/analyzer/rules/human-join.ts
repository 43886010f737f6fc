import { effectiveHandoff, stepName } from '../graph';
import { countsAsManualBecause } from '../handoff-reason';
import { articleFor, duration, quote } from '../text';
import type { Fix, Rule } from '../types';

type Options = Record<string, never>;

/**
 * A join a person must move (manual or meeting) on the path of an AI step's work. "On the path"
 * uses the whole graph, loops included: the join's from step is reached from an AI step, or its
 * to step reaches one. Next to an AI step (from or to is `ai`) it is an error; elsewhere on the
 * path a warning.
 */
export const humanJoin: Rule<Options> = {
  meta: {
    id: 'human-join',
    surface: 'workflow',
    defaultSeverity: 'error',
    defaultOptions: {},
    name: 'A person moves the work',
    why: 'The AI step got fast, but a person still emails, re-keys or carries its output, or it waits for a meeting: the item moves at the speed of the hand-off, not of the model.',
    fix: 'Automate the join (an API call, a queue, a shared record) or move the decision out of the meeting; if the hand-off must stay, waive it with the reason.',
    fixModel: 'The join becomes a system join with no wait; a hand-off step it enters or leaves does no work and has no wait.',
  },
  check({ graph }, report) {
    const { joins, steps, from, to, afterAi, beforeAi } = graph;
    for (let j = 0; j < joins.length; j++) {
      const a = from[j];
      const b = to[j];
      if (a < 0 || b < 0 || !(afterAi[a] || beforeAi[b])) continue;
      const handoff = effectiveHandoff(graph, j);
      if (handoff === 'system') continue;
      const join = joins[j];
      const nextToAi = steps[a].kind === 'ai' || steps[b].kind === 'ai';
      const wait = join.waitMinutes;
      const waitText = wait === undefined ? ' (no wait recorded)' : wait > 0 ? ` adds ${articleFor(duration(wait))} ${duration(wait)} wait` : '';
      const declared = join.handoff ?? 'manual';
      const because = declared !== handoff ? countsAsManualBecause(join, steps[a], steps[b]) : undefined;
      const why = because ? ` (marked ${declared}, it ${because})` : '';
      const kind = handoff === 'meeting' ? 'Meeting' : 'Manual';
      const label = join.label ? ` ${quote(join.label)}` : '';
      // A hand-off step at either end only carries the item: automated, it does no work.
      const carriers: Fix['steps'] = [];
      if (steps[a].kind === 'handoff') carriers.push({ id: steps[a].id, workMinutes: 0, waitMinutes: 0 });
      if (steps[b].kind === 'handoff') carriers.push({ id: steps[b].id, workMinutes: 0, waitMinutes: 0 });
      report({
        targets: [join.id, steps[a].id, steps[b].id],
        fix: {
          joins: [{ id: join.id, handoff: 'system', waitMinutes: 0 }],
          steps: carriers,
        },
        severity: nextToAi ? 'error' : 'warning',
        message: `${kind} hand-off${label} from ${stepName(graph, a)} to ${stepName(graph, b)}${waitText}${why}`,
        evidence: { waitMinutes: wait ?? null, handoff, declaredHandoff: declared, nextToAi },
      });
    }
  },
};
