import { STEP_KINDS, type Step } from '../model';
import type { Graph } from './graph';
import { type Finding, type FindingSeverity, type Metrics, RULE_IDS, SURFACES, type Surface } from './types';

/** One wait on the critical path: a step's queue or a join's transit, in path order. */
export interface PathWait {
  id: string;
  kind: 'step' | 'join';
  index: number;
  minutes: number;
}

export type PathMetrics = Omit<Metrics, 'counts'> & { waits: PathWait[] };

const computed = new WeakMap<Graph, PathMetrics>();

/** The critical-path figures of DOMAIN.md; every share is 0, not NaN, when its denominator is 0. */
export function pathMetrics(graph: Graph): PathMetrics {
  let metrics = computed.get(graph);
  if (!metrics) {
    metrics = measurePath(graph);
    computed.set(graph, metrics);
  }
  return metrics;
}

function measurePath(graph: Graph): PathMetrics {
  const { steps: path, joins: pathJoins, minutes } = graph.criticalPath;
  const criticalPath: string[] = [];
  const waits: PathWait[] = [];
  let aiSaved = 0;
  path.forEach((s, k) => {
    if (k > 0) {
      const j = pathJoins[k - 1];
      const join = graph.joins[j];
      criticalPath.push(join.id);
      if ((join.waitMinutes ?? 0) > 0) waits.push({ id: join.id, kind: 'join', index: j, minutes: join.waitMinutes ?? 0 });
    }
    const step = graph.steps[s];
    criticalPath.push(step.id);
    if ((step.waitMinutes ?? 0) > 0) waits.push({ id: step.id, kind: 'step', index: s, minutes: step.waitMinutes ?? 0 });
    if (step.kind === 'ai') aiSaved += Math.max(0, (step.manualMinutes ?? 0) - (step.workMinutes ?? 0));
  });
  const waiting = waits.reduce((sum, w) => sum + w.minutes, 0);
  return {
    criticalPath,
    leadTimeMinutes: minutes,
    aiSavedMinutes: aiSaved,
    aiSavingShare: share(aiSaved, minutes + aiSaved),
    waitShare: share(waiting, minutes),
    waits,
  };
}

const share = (part: number, whole: number) => (whole > 0 ? Math.min(1, part / whole) : 0);

export function computeMetrics(graph: Graph, findings: readonly Finding[]): Metrics {
  const { criticalPath, leadTimeMinutes, aiSavedMinutes, aiSavingShare, waitShare } = pathMetrics(graph);
  return { criticalPath: [...criticalPath], leadTimeMinutes, aiSavedMinutes, aiSavingShare, waitShare, counts: countAll(graph, findings) };
}

function countAll(graph: Graph, findings: readonly Finding[]): Metrics['counts'] {
  const stepsByKind = zeroes(STEP_KINDS) as Record<Step['kind'], number>;
  for (const step of graph.steps) stepsByKind[step.kind] += 1;
  const findingsByRule = zeroes(RULE_IDS);
  const findingsBySeverity = zeroes(['error', 'warning', 'info'] as const) as Record<FindingSeverity, number>;
  const findingsBySurface = zeroes(SURFACES) as Record<Surface, number>;
  let waived = 0;
  for (const finding of findings) {
    findingsByRule[finding.rule] += 1;
    findingsBySeverity[finding.severity] += 1;
    findingsBySurface[finding.surface] += 1;
    if (finding.waived) waived += 1;
  }
  return {
    steps: graph.steps.length,
    joins: graph.joins.length,
    stepsByKind,
    findingsByRule,
    findingsBySeverity,
    findingsBySurface,
    open: findings.length - waived,
    waived,
  };
}

function zeroes(keys: readonly string[]): Record<string, number> {
  return Object.fromEntries(keys.map((key) => [key, 0]));
}
