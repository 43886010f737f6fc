import { type Graph, joinName, stepName } from '../graph';
import { type PathWait, measure } from '../metrics';
import { duration, listOf, percent, round2 } from '../text';
import type { Fix, Rule } from '../types';

type Options = { minSavingShare: number };

/**
 * The AI removed less than `minSavingShare` of the lead time the work had before AI
 * (aiSavingShare of the metrics). Judged only on maps with an `ai` step and a positive lead
 * time before AI. An `ai` step on the critical path without manualMinutes could hide a larger
 * saving, so then the finding is `info` and names the missing numbers instead of a verdict.
 */
export const workDidNotMove: Rule<Options> = {
  meta: {
    id: 'work-did-not-move',
    surface: 'workflow',
    defaultSeverity: 'warning',
    defaultOptions: { minSavingShare: 0.1 },
    name: 'The AI did not move the work',
    why: 'A faster engine on the old wagon: the AI step got quicker, but the item still spends its days in queues and hand-offs, so the outcome arrives no sooner.',
    fix: 'Redesign around the largest waits on the critical path first: they, not the AI step, set the lead time.',
    fixModel: 'The largest wait on the critical path that is not external is halved.',
  },
  check({ graph }, report, { minSavingShare }) {
    if (graph.aiSteps.length === 0) return;
    const { path } = measure(graph);
    const before = path.leadTimeMinutes + path.aiSavedMinutes;
    if (before <= 0 || path.aiSavingShare >= minSavingShare) return;
    const aiOnPath = graph.criticalPath.steps.filter((s) => graph.steps[s].kind === 'ai');
    const unmeasured = aiOnPath.filter((s) => graph.steps[s].manualMinutes === undefined);
    if (unmeasured.length > 0) {
      const missing = unmeasured.map((s) => `${stepName(graph, s)} has no time by hand`);
      report({
        targets: unmeasured.map((s) => graph.steps[s].id),
        severity: 'info',
        incomplete: true,
        message: `Whether the AI moved the work cannot be judged: ${missing.join('; ')}`,
        evidence: { missing },
      });
      return;
    }
    const byLength = [...path.waits].sort((a, b) => b.minutes - a.minutes);
    const largest = byLength.slice(0, 3);
    // The fix halves the largest wait the organisation controls; it is named first.
    const halved = byLength.find((w) => !w.external);
    const named = halved ? [halved, ...largest.filter((w) => w !== halved)] : largest;
    const saved = aiOnPath.length
      ? `The AI saves ${duration(path.aiSavedMinutes)} of the ${duration(before)} the work took before AI (${percent(path.aiSavingShare)})`
      : `No AI step is on the critical path, so the AI saves none of its ${duration(before)}`;
    const waits = largest.length
      ? `the largest waits on the critical path are ${listOf(largest.map((w) => describeWait(graph, w)))}`
      : 'the critical path records no waits';
    report({
      targets: named.length ? named.map((w) => w.id) : [graph.steps[aiOnPath[0] ?? graph.aiSteps[0]].id],
      message: `${saved}; ${waits}`,
      fix: halved ? halve(graph, halved) : undefined,
      evidence: {
        aiSavedMinutes: round2(path.aiSavedMinutes),
        leadTimeMinutes: round2(path.leadTimeMinutes),
        aiSavingShare: path.aiSavingShare,
        largestWaits: largest.map((w) => ({ id: w.id, minutes: w.minutes })),
      },
    });
  },
};

function describeWait(graph: Graph, wait: PathWait): string {
  const name = wait.kind === 'join' ? joinName(graph, wait.index) : `the queue before ${stepName(graph, wait.index)}`;
  return `${name} (${duration(wait.minutes)})`;
}

/** The fix model: the wait's field halved (a sampled check's queue is halved before sampling). */
function halve(graph: Graph, wait: PathWait): Fix {
  if (wait.kind === 'join') return { steps: [], joins: [{ id: wait.id, waitMinutes: (graph.joins[wait.index].waitMinutes ?? 0) / 2 }] };
  return { steps: [{ id: wait.id, waitMinutes: (graph.steps[wait.index].waitMinutes ?? 0) / 2 }], joins: [] };
}
