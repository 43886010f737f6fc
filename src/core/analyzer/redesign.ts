import type { StallMap } from '../model';
import { effectiveHandoff, type Graph } from './graph';
import { hasPath } from './has-path';
import { measure } from './metrics';
import type { AnalysisResult, Finding, Metrics } from './types';

/**
 * A state of the workflow (now, or as redesigned) in the figures a board compares: how long an
 * item takes, how much of people's time it costs, and how many of the seams where AI pilots stall
 * it still has.
 */
export interface StateFigures {
  /** Absent (as the typical lead time) when no path runs from a start to an end: there is no lead time to compare, not one of 0. */
  leadTimeMinutes?: number;
  typicalLeadTimeMinutes?: number;
  /** Absent too with no path from a start to an end: no item gets through, so what one costs is unknown, not 0. */
  staffMinutesPerItem?: number;
  staffHoursPerWeek?: number;
  /** Joins a person moves (email, re-keying, hand-off steps), meetings apart. */
  manualJoins: number;
  meetings: number;
  /** Approval steps on the path of an AI step's work (reached from one, or reaching one). */
  approvalsOnAiPath: number;
  checks: number;
  /** The checks' work per item, at their sample rates and as often as items pass them (flow.ts); none without a path. */
  checkMinutesPerItem?: number;
  openErrors: number;
  openWarnings: number;
}

/** The redesigned state's analysis beside the current one: `delta` is redesigned minus now, per figure. */
export interface RedesignAnalysis {
  metrics: Metrics;
  findings: Finding[];
  now: StateFigures;
  redesigned: StateFigures;
  delta: Partial<Record<keyof StateFigures, number>>;
}

/** The map as its redesign: the redesigned steps and joins under the same settings, waivers and program. */
export function redesignedMap(map: StallMap): StallMap | undefined {
  if (!map.redesign) return undefined;
  const { redesign, ...rest } = map;
  return { ...rest, steps: redesign.steps, joins: redesign.joins };
}

/** An analysis with the graph it was made on, so the figures need not build it again. */
type Analysed = AnalysisResult & { graph: Graph };

export function compareRedesign(map: StallMap, now: Analysed, analyze: (map: StallMap) => Analysed): RedesignAnalysis | undefined {
  const redesigned = redesignedMap(map);
  if (!redesigned) return undefined;
  const after = analyze(redesigned);
  const before = stateFigures(now.graph, now);
  const figures = stateFigures(after.graph, after);
  const delta: RedesignAnalysis['delta'] = {};
  for (const key of Object.keys(before) as (keyof StateFigures)[]) {
    const [a, b] = [before[key], figures[key]];
    if (a !== undefined && b !== undefined) delta[key] = Math.round((b - a) * 100) / 100;
  }
  return { metrics: after.metrics, findings: after.findings, now: before, redesigned: figures, delta };
}

export function stateFigures(graph: Graph, analysis: Pick<AnalysisResult, 'metrics' | 'findings'>): StateFigures {
  const { metrics, findings } = analysis;
  let manualJoins = 0;
  let meetings = 0;
  for (let j = 0; j < graph.joins.length; j++) {
    if (graph.from[j] < 0 || graph.to[j] < 0) continue;
    const handoff = effectiveHandoff(graph, j);
    if (handoff === 'manual') manualJoins += 1;
    else if (handoff === 'meeting') meetings += 1;
  }
  let approvalsOnAiPath = 0;
  let checks = 0;
  let checkMinutesPerItem = 0;
  // Per item, as staff minutes are: a check on a branch a tenth of items take costs a tenth, one in a loop each time round.
  const { visits } = measure(graph).flow;
  graph.steps.forEach((step, s) => {
    if (step.kind === 'approval' && (graph.afterAi[s] || graph.beforeAi[s])) approvalsOnAiPath += 1;
    if (step.kind === 'verification') {
      checks += 1;
      checkMinutesPerItem += (step.workMinutes ?? 0) * (step.sampleRate ?? 1) * visits[s];
    }
  });
  const open = findings.filter((f) => !f.waived);
  const withPath = hasPath(metrics);
  return {
    ...(withPath ? { leadTimeMinutes: metrics.leadTimeMinutes } : {}),
    ...(!withPath || metrics.typicalLeadTimeMinutes === undefined ? {} : { typicalLeadTimeMinutes: metrics.typicalLeadTimeMinutes }),
    ...(withPath ? { staffMinutesPerItem: metrics.staffMinutesPerItem } : {}),
    ...(!withPath || metrics.staffHoursPerWeek === undefined ? {} : { staffHoursPerWeek: metrics.staffHoursPerWeek }),
    manualJoins,
    meetings,
    approvalsOnAiPath,
    checks,
    ...(withPath ? { checkMinutesPerItem: Math.round(checkMinutesPerItem * 100) / 100 } : {}),
    openErrors: open.filter((f) => f.severity === 'error').length,
    openWarnings: open.filter((f) => f.severity === 'warning').length,
  };
}
