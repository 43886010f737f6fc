import { type Graph, stepMinutes } from './graph';
import { hoursPerWeek, measure } from './metrics';
import type { WeightChange } from './paths';
import { handsOnMinutes } from './staff';
import { round2 } from './text';
import type { Finding, Fix, Impact } from './types';

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
  const paths = typical ? [graph.paths, typical] : [graph.paths];
  const stepOnAPath = (s: number) => paths.some((p) => p.onPathStep(s));
  const joinOnAPath = (j: number | undefined) => j !== undefined && paths.some((p) => p.onPathJoin(j));
  for (const finding of findings) {
    finding.impact = { leadTimeMinutes: 0, ...(typical ? { typicalLeadTimeMinutes: 0 } : {}), staffMinutesPerItem: 0 };
    if (!finding.fix) continue;
    let staff = 0;
    let touches = false;
    for (const fields of finding.fix.steps) {
      const s = graph.stepIndex.get(fields.id);
      if (s === undefined) continue;
      staff += (handsOnMinutes(graph.steps[s]) - handsOnMinutes(graph.steps[s], fields)) * flow.visits[s];
      touches ||= stepOnAPath(s);
    }
    for (const { id } of finding.fix.joins) touches ||= joinOnAPath(graph.joinIndex.get(id));
    finding.impact.staffMinutesPerItem = round2(Math.max(0, staff));
    // Minutes only drop: a fix off both paths cannot shorten them, and needs no walk.
    if (!touches) continue;
    changes.push(weightChange(graph, finding.fix));
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

/** The fixed steps' and joins' new minutes as the paths count them (never more than today's). */
function weightChange(graph: Graph, fix: Fix): WeightChange {
  const steps = new Map<number, number>();
  const joins = new Map<number, number>();
  for (const fields of fix.steps) {
    const s = graph.stepIndex.get(fields.id);
    if (s !== undefined) steps.set(s, Math.min(graph.weights.step[s], stepMinutes(graph.steps[s], fields)));
  }
  for (const { id, waitMinutes } of fix.joins) {
    const j = graph.joinIndex.get(id);
    if (j !== undefined && waitMinutes !== undefined) joins.set(j, Math.min(graph.weights.join[j], waitMinutes));
  }
  return { steps, joins };
}
