import { type Graph, joinName, stepName } from '../graph';
import { type PathWait, pathMetrics } from '../metrics';
import { listOf, min, percent, round2 } from '../text';
import type { Rule } from '../types';

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
    why: 'A faster engine on the old wagon: the AI step got quicker, but the item still spends its days in queues and hand-offs, so the outcome arrives no sooner.',
    fix: 'Redesign around the largest waits on the critical path first: they, not the AI step, set the lead time.',
  },
  check({ graph }, report, { minSavingShare }) {
    if (graph.aiSteps.length === 0) return;
    const path = pathMetrics(graph);
    const before = path.leadTimeMinutes + path.aiSavedMinutes;
    if (before <= 0 || path.aiSavingShare >= minSavingShare) return;
    const aiOnPath = graph.criticalPath.steps.filter((s) => graph.steps[s].kind === 'ai');
    const unmeasured = aiOnPath.filter((s) => graph.steps[s].manualMinutes === undefined);
    if (unmeasured.length > 0) {
      const missing = unmeasured.map((s) => `${stepName(graph, s)} has no manualMinutes`);
      report({
        targets: unmeasured.map((s) => graph.steps[s].id),
        severity: 'info',
        incomplete: true,
        message: `Whether the AI moved the work cannot be judged: ${missing.join('; ')}`,
        evidence: { missing },
      });
      return;
    }
    const largest = [...path.waits].sort((a, b) => b.minutes - a.minutes).slice(0, 3);
    const saved = aiOnPath.length
      ? `The AI saves ${min(path.aiSavedMinutes)} of the ${min(before)} the work took before AI (${percent(path.aiSavingShare)})`
      : `No AI step is on the critical path, so the AI saves none of its ${min(before)}`;
    const waits = largest.length
      ? `the largest waits on the critical path are ${listOf(largest.map((w) => describeWait(graph, w)))}`
      : 'the critical path records no waits';
    report({
      targets: largest.length ? largest.map((w) => w.id) : [graph.steps[aiOnPath[0] ?? graph.aiSteps[0]].id],
      message: `${saved}; ${waits}`,
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
  return `${name} (${min(wait.minutes)})`;
}
