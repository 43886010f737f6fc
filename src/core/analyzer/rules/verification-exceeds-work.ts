import { type Graph, stepName, walk } from '../graph';
import { listOf, min, percent, round2 } from '../text';
import type { Rule } from '../types';

type Options = { errorRatio: number; warningRatio: number };

/**
 * A verification step that costs as much as doing by hand the work it checks. Cost is
 * workMinutes × sampleRate (default 1). The manual cost of a checked step is its manualMinutes;
 * a checked step that is not `ai` and has no manualMinutes was done by hand already, so its
 * workMinutes stand in. With `verifies` empty, the step checks the nearest `ai` steps upstream
 * (every AI step at the smallest number of joins back). Missing numbers give an `info` finding
 * naming them: a verification is never passed silently.
 */
export const verificationExceedsWork: Rule<Options> = {
  meta: {
    id: 'verification-exceeds-work',
    surface: 'workflow',
    defaultSeverity: 'error',
    defaultOptions: { errorRatio: 1, warningRatio: 0.5 },
    why: 'When checking an AI output costs as much as doing the work by hand, the AI saved nothing: the cost moved from doing to checking.',
    fix: 'Check a sample instead of every item (sampleRate), check only what the model is unsure of, or give the checker the evidence to check faster; record the minutes if they are missing.',
  },
  check({ graph }, report, { errorRatio, warningRatio }) {
    const nearest = nearestAiUpstream(graph);
    graph.steps.forEach((step, v) => {
      if (step.kind !== 'verification') return;
      const named = [...new Set(step.verifies ?? [])].flatMap((id) => {
        const index = graph.stepIndex.get(id);
        return index === undefined ? [] : [index];
      });
      const checked = named.length > 0 ? named : nearest(v);
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
      if (step.workMinutes === undefined) missing.push(`${stepName(graph, v)} has no workMinutes`);
      let manual = 0;
      for (const c of checked) {
        const target = graph.steps[c];
        const byHand = target.manualMinutes ?? (target.kind === 'ai' ? undefined : target.workMinutes);
        if (byHand === undefined) missing.push(`${stepName(graph, c)} has no ${target.kind === 'ai' ? 'manualMinutes' : 'manualMinutes or workMinutes'}`);
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
      const sampled = sampleRate < 1 ? ` (${min(step.workMinutes ?? 0)} on ${percent(sampleRate)} of items)` : '';
      const names = listOf(checked.map((c) => stepName(graph, c)));
      report({
        targets,
        severity,
        message: `Checking ${names} costs ${min(cost)} per item${sampled}; doing the work by hand costs ${min(manual)}`,
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

/**
 * For each step, the `ai` steps upstream at the smallest number of joins, in map order. One
 * breadth-first walk from all AI steps gives each step's distance d to the nearest; the nearest
 * AI steps of v are then those of its predecessors at distance d − 1, computed once per step.
 */
function nearestAiUpstream(graph: Graph): (step: number) => number[] {
  let distance: Int32Array | undefined; // walked on first use: most verifications name what they check
  const memo = new Map<number, number[]>();
  const of = (v: number, dist: Int32Array): number[] => {
    const known = memo.get(v);
    if (known) return known;
    // Iterative: predecessors first, so a long chain does not recurse.
    const pending = [v];
    while (pending.length > 0) {
      const u = pending[pending.length - 1];
      // Distances fall by one towards the AI steps, so this never loops; only distance 0 is `ai`.
      const missing = predecessorsAtDistance(graph, dist, u).filter((p) => dist[p] > 0 && !memo.has(p));
      if (missing.length > 0) {
        pending.push(...missing);
        continue;
      }
      pending.pop();
      const found = new Set<number>();
      for (const p of predecessorsAtDistance(graph, dist, u)) {
        for (const a of dist[p] === 0 ? [p] : (memo.get(p) ?? [])) found.add(a);
      }
      memo.set(u, [...found].sort((a, b) => a - b));
    }
    return memo.get(v) ?? [];
  };
  return (step) => {
    distance ??= walk(graph, graph.aiSteps, 'out').distance;
    return distance[step] > 0 ? of(step, distance) : [];
  };
}

function predecessorsAtDistance(graph: Graph, distance: Int32Array, v: number): number[] {
  const out: number[] = [];
  for (let k = graph.inStart[v]; k < graph.inStart[v + 1]; k++) {
    const p = graph.from[graph.inJoins[k]];
    if (distance[p] >= 0 && distance[p] === distance[v] - 1) out.push(p);
  }
  return out;
}
