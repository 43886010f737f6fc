import { checkedSteps } from '../checks';
import { stepName } from '../graph';
import { duration, listOf, percent, round2 } from '../text';
import type { Rule } from '../types';

type Options = { errorRatio: number; warningRatio: number };

/** The fix model's sample: one item in ten. */
const SAMPLED_RATE = 0.1;

/**
 * A verification step that costs as much as doing by hand the work it checks. Cost is
 * workMinutes × sampleRate (default 1). The manual cost of a checked step is its manualMinutes;
 * a checked step that is not `ai` and has no manualMinutes was done by hand already, so its
 * workMinutes stand in. With `verifies` empty, the step checks the nearest `ai` steps upstream
 * (every AI step at the smallest number of joins back). Missing numbers give an `info` finding
 * naming them: a verification is never passed silently. A check of work that no `ai` step does
 * is at most `info`.
 */
export const verificationExceedsWork: Rule<Options> = {
  meta: {
    id: 'verification-exceeds-work',
    surface: 'workflow',
    defaultSeverity: 'error',
    defaultOptions: { errorRatio: 1, warningRatio: 0.5 },
    name: 'Checking costs more than doing',
    why: 'When checking an AI output costs as much as doing the work by hand, the AI saved nothing: the cost moved from doing to checking.',
    fix: 'Check a sample instead of every item (sampleRate), check only what the model is unsure of, or give the checker the evidence to check faster; record the minutes if they are missing.',
    fixModel: 'The check samples 10% of items (sampleRate 0.1), or keeps its rate if it is already lower.',
  },
  check({ graph }, report, { errorRatio, warningRatio }) {
    const checkedBy = checkedSteps(graph);
    graph.steps.forEach((step, v) => {
      if (step.kind !== 'verification') return;
      const checked = checkedBy(v);
      const targets = [step.id, ...checked.map((c) => graph.steps[c].id)];
      if (checked.length === 0) {
        report({
          targets,
          severity: 'info',
          incomplete: true,
          message: `${stepName(graph, v)} cannot be judged: it names no step it verifies and no AI step comes before it`,
          evidence: { missing: ['verifies'] },
        });
        return;
      }
      const missing: string[] = [];
      if (step.workMinutes === undefined) missing.push(`${stepName(graph, v)} has no work time`);
      let manual = 0;
      for (const c of checked) {
        const target = graph.steps[c];
        const byHand = target.manualMinutes ?? (target.kind === 'ai' ? undefined : target.workMinutes);
        if (byHand === undefined) missing.push(`${stepName(graph, c)} has no ${target.kind === 'ai' ? 'time by hand' : 'time by hand or work time'}`);
        else manual += byHand;
      }
      if (missing.length > 0) {
        report({
          targets,
          severity: 'info',
          incomplete: true,
          message: `${stepName(graph, v)} cannot be judged: ${missing.join('; ')}`,
          evidence: { missing },
        });
        return;
      }
      const sampleRate = step.sampleRate ?? 1;
      const cost = (step.workMinutes ?? 0) * sampleRate;
      if (cost <= 0) return;
      const severity = cost >= errorRatio * manual ? 'error' : cost >= warningRatio * manual ? 'warning' : undefined;
      if (!severity) return;
      // A check of work no AI step does (a peer review, a call-back) is context, not where an AI pilot stalls.
      const checksAi = checked.some((c) => graph.steps[c].kind === 'ai');
      const sampled = sampleRate < 1 ? ` (${duration(step.workMinutes ?? 0)} on ${percent(sampleRate)} of items)` : '';
      const names = listOf(checked.map((c) => stepName(graph, c)));
      report({
        targets,
        severity: checksAi ? severity : 'info',
        informational: !checksAi,
        // A check that samples a tenth or less already is where the fix model leaves it: no fix to apply.
        ...(sampleRate > SAMPLED_RATE ? { fix: { steps: [{ id: step.id, sampleRate: SAMPLED_RATE }], joins: [] } } : {}),
        message: `Checking ${names} costs ${duration(cost)} per item${sampled}; doing the work by hand costs ${duration(manual)}${checksAi ? '' : ' (no AI step does this work)'}`,
        evidence: {
          verifyMinutes: round2(cost),
          workMinutes: round2(manual),
          ratio: manual > 0 ? round2(cost / manual) : null,
          sampleRate,
          checked: checked.map((c) => graph.steps[c].id),
        },
      });
    });
  },
};
