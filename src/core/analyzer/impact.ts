import { type Graph, stepMinutes } from './graph';
import { hoursPerWeek, measure } from './metrics';
import type { WeightLists } from './paths';
import { handsOnMinutes, STAFF_KINDS } from './staff';
import { round2 } from './text';
import type { Fix, Impact } from './types';

/**
 * The impact of each finding's fix (undefined: the finding has none), in order: its fix model
 * (Fix, reported by the rule) applied to a copy of the numbers, and the metrics computed again. Fix models only lower minutes, and they change
 * numbers, never the map's structure, so:
 * - staff minutes change only on the fixed steps: their hands-on minutes drop, times the visits
 *   an item makes to them;
 * - the lead time changes only when the fix touches the critical path, and then the longest
 *   path is found again over just the stretch the fix spans (paths.ts), for all findings at once.
 */
export function computeImpacts(
  graph: Graph,
  fixes: readonly (Fix | undefined)[],
  volumePerWeek?: number,
  /** The graph's index of each of a fix's steps, when its rule gave them (Report.fixStepsAt). */
  fixStepsAt: (fix: number) => readonly number[] | undefined = () => undefined,
): Impact[] {
  const { flow, typical } = measure(graph);
  const changes: WeightLists[] = [];
  const owners: Impact[] = [];
  const joinOnAPath = (j: number) => graph.paths.onPathJoin(j) || (typical?.onPathJoin(j) ?? false);
  // Per step, once: whether people work on it, its hands-on minutes today, and whether it lies on
  // either path. Tens of thousands of fix entries (a long chain's approvals, over and over) read these.
  const n = graph.stepCount;
  const staffStep = new Uint8Array(n);
  const today = new Float64Array(n);
  const onAPath = new Uint8Array(n);
  for (let s = 0; s < n; s++) {
    staffStep[s] = STAFF_KINDS.has(graph.steps[s].kind) ? 1 : 0;
    today[s] = handsOnMinutes(graph.steps[s]);
    onAPath[s] = graph.paths.onPathStep(s) || typical?.onPathStep(s) ? 1 : 0;
  }
  const made = (staff: number): Impact =>
    typical ? { leadTimeMinutes: 0, typicalLeadTimeMinutes: 0, staffMinutesPerItem: staff } : { leadTimeMinutes: 0, staffMinutesPerItem: staff };
  // The fix's steps and joins as indices (-1: not in this state), looked up once per fix; reused.
  const stepAt: number[] = [];
  const joinAt: number[] = [];
  const impacts = fixes.map((fix, f) => {
    if (!fix) return made(0);
    const { steps: fixedSteps, joins: fixedJoins } = fix;
    const known = fixStepsAt(f);
    let staff = 0;
    let touches = false;
    for (let k = 0; k < fixedSteps.length; k++) {
      const s = known ? known[k] : (graph.stepIndex.get(fixedSteps[k].id) ?? -1);
      stepAt[k] = s;
      if (s < 0) continue;
      // Off people's steps both hands-on minutes are 0: nothing to add.
      if (staffStep[s]) staff += (today[s] - handsOnMinutes(graph.steps[s], fixedSteps[k])) * flow.visits[s];
      touches ||= onAPath[s] === 1;
    }
    for (let k = 0; k < fixedJoins.length; k++) {
      const j = graph.joinIndex.get(fixedJoins[k].id) ?? -1;
      joinAt[k] = j;
      touches ||= j >= 0 && joinOnAPath(j);
    }
    const impact = made(round2(Math.max(0, staff)));
    // Minutes only drop: a fix off both paths cannot shorten them, and needs no walk.
    if (touches) {
      changes.push(weightChange(graph, fix, stepAt, joinAt));
      owners.push(impact);
    }
    return impact;
  });
  const lead = graph.paths.after(changes);
  const typicalLead = typical?.after(changes);
  owners.forEach((impact, k) => {
    impact.leadTimeMinutes = round2(Math.max(0, graph.paths.minutes - lead[k]));
    if (typical && typicalLead) impact.typicalLeadTimeMinutes = round2(Math.max(0, typical.minutes - typicalLead[k]));
  });
  if (volumePerWeek !== undefined) {
    for (const impact of impacts) impact.staffHoursPerWeek = round2(hoursPerWeek(impact.staffMinutesPerItem, volumePerWeek) ?? 0);
  }
  return impacts;
}

/**
 * The fixed steps' and joins' new minutes as the paths count them (never more than today's), as
 * lists; `stepAt` and `joinAt` are their indices. A step or join the fix names twice is listed
 * once, with the minutes it names last.
 */
function weightChange(graph: Graph, fix: Fix, stepAt: readonly number[], joinAt: readonly number[]): WeightLists {
  const stepList: number[] = [];
  const joinList: number[] = [];
  fix.steps.forEach((fields, k) => {
    const s = stepAt[k];
    if (s >= 0) setMinutes(stepList, s, Math.min(graph.weights.step[s], stepMinutes(graph.steps[s], fields)));
  });
  fix.joins.forEach(({ waitMinutes }, k) => {
    const j = joinAt[k];
    if (j >= 0 && waitMinutes !== undefined) setMinutes(joinList, j, Math.min(graph.weights.join[j], waitMinutes));
  });
  return { stepList, joinList };
}

/** Sets an index's minutes in a list of (index, minutes) pairs: a fix names a handful of steps, so a scan is enough. */
function setMinutes(list: number[], index: number, minutes: number): void {
  for (let k = 0; k < list.length; k += 2) {
    if (list[k] === index) {
      list[k + 1] = minutes;
      return;
    }
  }
  list.push(index, minutes);
}
