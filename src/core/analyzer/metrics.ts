import { STEP_KINDS, type StallMap, type Step } from '../model';
import { computeFlow, type Flow } from './flow';
import type { Graph } from './graph';
import { LongestPaths } from './paths';
import { STAFF_KINDS, staffMinutes, type StaffMinutes } from './staff';
import { type Finding, type FindingSeverity, type Metrics, type MissingNumber, RULE_IDS, SURFACES, type Surface } from './types';

/** One wait on the critical path: a step's queue or a join's transit, in path order. */
export interface PathWait {
  id: string;
  kind: 'step' | 'join';
  index: number;
  /** As the critical path counts it (a sampled check's wait × its sample rate). */
  minutes: number;
  /** The wait of an `external` step, or of a join into one: the organisation cannot halve it. */
  external: boolean;
}

/** Everything the metrics and the impact of fixes need, computed once per graph. */
export interface Measures {
  path: Omit<Metrics, 'counts' | 'missing' | 'staffHoursPerWeek' | 'staffHoursPerWeekBeforeAi' | 'staffCostPerWeek'> & { waits: PathWait[] };
  flow: Flow;
  staff: StaffMinutes;
  /** The typical path (the likeliest way at each choice), when joins carry shares. */
  typical?: LongestPaths;
}

const computed = new WeakMap<Graph, Measures>();

/** The per-item metrics, memoised per graph (rules and impact read them too). */
export function measure(graph: Graph): Measures {
  let measures = computed.get(graph);
  if (!measures) {
    const flow = computeFlow(graph);
    const staff = staffMinutes(graph, flow);
    const typical = flow.hasShares ? new LongestPaths(graph, graph.weights, typicalJoins(graph, flow)) : undefined;
    measures = { path: measurePath(graph, staff, typical), flow, staff, typical };
    computed.set(graph, measures);
  }
  return measures;
}

/** Every share is 0, not NaN, when its denominator is 0. */
const share = (part: number, whole: number) => (whole > 0 ? Math.min(1, part / whole) : 0);

function measurePath(graph: Graph, staff: StaffMinutes, typical?: LongestPaths): Measures['path'] {
  const { steps: path, joins: pathJoins, minutes } = graph.criticalPath;
  const criticalPath: string[] = [];
  const waits: PathWait[] = [];
  let aiSaved = 0;
  path.forEach((s, k) => {
    if (k > 0) {
      const j = pathJoins[k - 1];
      const join = graph.joins[j];
      criticalPath.push(join.id);
      const external = graph.steps[graph.to[j]].external === true;
      if ((join.waitMinutes ?? 0) > 0) waits.push({ id: join.id, kind: 'join', index: j, minutes: join.waitMinutes ?? 0, external });
    }
    const step = graph.steps[s];
    criticalPath.push(step.id);
    const wait = (step.waitMinutes ?? 0) * (step.kind === 'verification' ? (step.sampleRate ?? 1) : 1);
    if (wait > 0) waits.push({ id: step.id, kind: 'step', index: s, minutes: wait, external: step.external === true });
    if (step.kind === 'ai') aiSaved += Math.max(0, (step.manualMinutes ?? 0) - (step.workMinutes ?? 0));
  });
  const waiting = waits.reduce((sum, w) => sum + w.minutes, 0);
  return {
    criticalPath,
    leadTimeMinutes: minutes,
    aiSavedMinutes: aiSaved,
    aiSavingShare: share(aiSaved, minutes + aiSaved),
    waitShare: share(waiting, minutes),
    // No path from a start to an end: no way at all, so no way most items go. Its lead time would
    // be a 0 shown as a fact beside a lead time of none (the summary line, the command line).
    ...(typical && path.length > 0 ? { typicalLeadTimeMinutes: typical.minutes } : {}),
    staffMinutesPerItem: staff.perItem,
    staffMinutesBeforeAi: staff.beforeAi,
    waits,
  };
}

/** The joins of the typical path: at a choice only the likeliest way on (the first on a tie), elsewhere every way. */
function typicalJoins(graph: Graph, flow: Flow): Uint8Array {
  const usable = graph.backEdge.map((back) => (back ? 0 : 1));
  for (let v = 0; v < graph.stepCount; v++) {
    if (!flow.isChoice[v]) continue;
    let likeliest = -1;
    for (let k = graph.outStart[v]; k < graph.outStart[v + 1]; k++) {
      const j = graph.outJoins[k];
      if (usable[j] && (likeliest < 0 || flow.probability[j] > flow.probability[likeliest])) likeliest = j;
    }
    for (let k = graph.outStart[v]; k < graph.outStart[v + 1]; k++) if (graph.outJoins[k] !== likeliest) usable[graph.outJoins[k]] = 0;
  }
  return usable;
}

/** Staff hours a week for minutes per item, when the map gives its volume. */
export function hoursPerWeek(minutesPerItem: number, volumePerWeek: number | undefined): number | undefined {
  return volumePerWeek === undefined ? undefined : (minutesPerItem * volumePerWeek) / 60;
}

export function computeMetrics(graph: Graph, map: Pick<StallMap, 'volumePerWeek' | 'costPerHour'>, findings: readonly Finding[]): Metrics {
  const { waits: _waits, criticalPath, ...numbers } = measure(graph).path;
  const staffHoursPerWeek = hoursPerWeek(numbers.staffMinutesPerItem, map.volumePerWeek);
  const weekly =
    staffHoursPerWeek === undefined
      ? {}
      : {
          staffHoursPerWeek,
          staffHoursPerWeekBeforeAi: hoursPerWeek(numbers.staffMinutesBeforeAi, map.volumePerWeek),
          ...(map.costPerHour === undefined ? {} : { staffCostPerWeek: staffHoursPerWeek * map.costPerHour }),
        };
  return { criticalPath: [...criticalPath], ...numbers, ...weekly, missing: missingNumbers(graph), counts: countAll(graph, findings) };
}

/**
 * The numbers the metrics counted as 0: work minutes of the work steps on the critical path or
 * done by people, manual minutes of the AI steps items reach, and the rates of loops' ways back.
 */
function missingNumbers(graph: Graph): MissingNumber[] {
  const { flow } = measure(graph);
  const missing: MissingNumber[] = [];
  graph.steps.forEach((step, s) => {
    if (step.kind === 'start' || step.kind === 'end') return;
    if (step.workMinutes === undefined) {
      const affects: MissingNumber['affects'] = [];
      if (graph.paths.onPathStep(s)) affects.push('leadTime');
      if (STAFF_KINDS.has(step.kind) && flow.visits[s] > 0) affects.push('staff', 'staffBeforeAi');
      if (affects.length > 0) missing.push({ id: step.id, field: 'workMinutes', affects });
    }
    if (step.kind === 'ai' && step.manualMinutes === undefined && (graph.paths.onPathStep(s) || flow.visits[s] > 0)) {
      missing.push({ id: step.id, field: 'manualMinutes', affects: graph.paths.onPathStep(s) ? ['aiSaving', 'staffBeforeAi'] : ['staffBeforeAi'] });
    }
  });
  for (const j of flow.unknownRates) missing.push({ id: graph.joins[j].id, field: 'share', affects: ['staff', 'staffBeforeAi'] });
  return missing;
}

function countAll(graph: Graph, findings: readonly Finding[]): Metrics['counts'] {
  const byRule = new Tally(RULE_IDS);
  const bySeverity = new Tally(['error', 'warning', 'info'] as const);
  const bySurface = new Tally(SURFACES);
  let waived = 0;
  for (const finding of findings) {
    byRule.add(finding.rule);
    bySeverity.add(finding.severity);
    bySurface.add(finding.surface);
    if (finding.waived) waived += 1;
  }
  const byKind = new Tally(STEP_KINDS);
  for (const step of graph.steps) byKind.add(step.kind);
  return {
    steps: graph.steps.length,
    joins: graph.joins.length,
    stepsByKind: byKind.counts() as Record<Step['kind'], number>,
    findingsByRule: byRule.counts(),
    findingsBySeverity: bySeverity.counts() as Record<FindingSeverity, number>,
    findingsBySurface: bySurface.counts() as Record<Surface, number>,
    open: findings.length - waived,
    waived,
  };
}

/**
 * Counts per key, every key of the list present (0 when none), in the list's order: counted in
 * an array by the key's place, not by a property looked up by name for each of thousands of
 * items. A key off the list is counted as a property of its own, as before.
 */
class Tally {
  private readonly place: Map<string, number>;
  private readonly tally: number[];
  private readonly others: Record<string, number> = {};

  constructor(private readonly keys: readonly string[]) {
    this.place = new Map(keys.map((key, k) => [key, k]));
    this.tally = keys.map(() => 0);
  }

  add(key: string): void {
    const k = this.place.get(key);
    if (k !== undefined) this.tally[k] += 1;
    else this.others[key] += 1;
  }

  counts(): Record<string, number> {
    const out: Record<string, number> = {};
    this.keys.forEach((key, k) => {
      out[key] = this.tally[k];
    });
    return Object.assign(out, this.others);
  }
}
