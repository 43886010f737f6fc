import { type Graph, stepMinutes } from './graph';
import { hoursPerWeek, measure } from './metrics';
import type { WeightChange } from './paths';
import { handsOnMinutes } from './staff';
import { round2 } from './text';
import type { Finding, Impact } from './types';

/**
 * Each finding's impact: its fix model (Fix, reported by the rule) applied to a copy of the
 * numbers, and the metrics computed again. Fix models only lower minutes, and they change
 * numbers, never the map's structure, so:
 * - staff minutes change only on the fixed steps: their hands-on minutes drop, times the visits
 *   an item makes to them;
 * - the lead time changes only when the fix touches the critical path, and then the longest
 *   path is found again over just the stretch the fix spans (paths.ts), for all findings at once.
 */
export function computeImpacts(graph: Graph, findings: readonly Finding[], volumePerWeek?: number): void {
  const { flow, typical } = measure(graph);
  const changes: WeightChange[] = [];
  const owners: Finding[] = [];
  for (const finding of findings) {
    finding.impact = { leadTimeMinutes: 0, ...(typical ? { typicalLeadTimeMinutes: 0 } : {}), staffMinutesPerItem: 0 };
    if (!finding.fix) continue;
    const steps = new Map<number, number>();
    const joins = new Map<number, number>();
    let staff = 0;
    for (const fields of finding.fix.steps) {
      const s = graph.stepIndex.get(fields.id);
      if (s === undefined) continue;
      const step = graph.steps[s];
      steps.set(s, Math.min(graph.weights.step[s], stepMinutes(step, fields)));
      staff += (handsOnMinutes(step) - handsOnMinutes(step, fields)) * flow.visits[s];
    }
    for (const { id, waitMinutes } of finding.fix.joins) {
      const j = graph.joinIndex.get(id);
      if (j !== undefined && waitMinutes !== undefined) joins.set(j, Math.min(graph.weights.join[j], waitMinutes));
    }
    finding.impact.staffMinutesPerItem = round2(Math.max(0, staff));
    changes.push({ steps, joins });
    owners.push(finding);
  }
  const lead = graph.paths.after(changes);
  const typicalLead = typical?.after(changes);
  owners.forEach((finding, k) => {
    const impact: Impact = finding.impact;
    impact.leadTimeMinutes = round2(Math.max(0, graph.paths.minutes - lead[k]));
    if (typical && typicalLead) impact.typicalLeadTimeMinutes = round2(Math.max(0, typical.minutes - typicalLead[k]));
  });
  if (volumePerWeek === undefined) return;
  for (const finding of findings) finding.impact.staffHoursPerWeek = round2(hoursPerWeek(finding.impact.staffMinutesPerItem, volumePerWeek) ?? 0);
}
