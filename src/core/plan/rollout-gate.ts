import { type AnalysisResult, type AnalyzerConfig, buildGraph, checkedSteps } from '../analyzer';
import type { StallMap, Step } from '../model';
import { indexMap, namedOwner, numberOption, ruleOptions } from './targets';
import { toYaml, type YamlValue } from './yaml';

/**
 * The rollout gate: what must hold before the pilot expands, and what rolls it back. The
 * protected path is the critical path; the conditions are the analyzer's thresholds as this map
 * is configured, with today's figures beside them (`now`) so the gap is visible.
 */
export interface RolloutGate {
  workflow: string;
  protectedPath: string[];
  openErrors: number;
  overrideRates: { step: string; max: number; now: number | null }[];
  verifications: { step: string; checks: string[]; belowMinutes: number | null; nowMinutes: number | null }[];
  unowned: string[];
  leadTimeMinutes: number;
  maxOverrideRate: number;
}

export function rolloutGate(map: StallMap, analysis: Pick<AnalysisResult, 'findings' | 'metrics'>, config?: AnalyzerConfig): RolloutGate {
  const index = indexMap(map);
  const options = ruleOptions(map, config);
  const maxOverrideRate = numberOption(options['override-rate'], 'maxOverrideRate', 0.15);
  const work = map.steps.filter((s) => s.kind !== 'start' && s.kind !== 'end');
  return {
    workflow: map.title,
    protectedPath: analysis.metrics.criticalPath.flatMap((id) => index.steps.get(id)?.label ?? []),
    openErrors: analysis.findings.filter((f) => !f.waived && f.severity === 'error').length,
    overrideRates: map.steps
      .filter((s) => s.kind === 'ai')
      .map((s) => ({ step: s.label, max: maxOverrideRate, now: s.overrideRate ?? null })),
    verifications: verificationCosts(map),
    unowned: work.filter((s) => namedOwner(s, options['no-accountable-owner']) === undefined).map((s) => s.label),
    leadTimeMinutes: analysis.metrics.leadTimeMinutes,
    maxOverrideRate,
  };
}

/** Each verification: what it checks (as the analyzer reads it: `verifies`, else the nearest AI steps upstream), its cost and the manual cost it must stay below. */
function verificationCosts(map: StallMap): RolloutGate['verifications'] {
  if (!map.steps.some((s) => s.kind === 'verification')) return [];
  const graph = buildGraph(map);
  const checkedBy = checkedSteps(graph);
  return map.steps.flatMap((step) => {
    if (step.kind !== 'verification') return [];
    const checked: Step[] = checkedBy(graph.stepIndex.get(step.id) as number).map((i) => graph.steps[i]);
    const manual = checked.map((c) => c.manualMinutes ?? (c.kind === 'ai' ? undefined : c.workMinutes));
    const known = checked.length > 0 && manual.every((m) => m !== undefined);
    return [
      {
        step: step.label,
        checks: checked.map((c) => c.label),
        belowMinutes: known ? round2(manual.reduce((sum: number, m) => sum + (m ?? 0), 0)) : null,
        nowMinutes: step.workMinutes === undefined ? null : round2(step.workMinutes * (step.sampleRate ?? 1)),
      },
    ];
  });
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** The gate as the YAML block of the plan. */
export function rolloutGateYaml(gate: RolloutGate): string {
  const value: YamlValue = {
    rollout_gate: {
      workflow: gate.workflow,
      protected_path: gate.protectedPath,
      before_expansion: {
        open_errors: { max: 0, now: gate.openErrors },
        override_rate: gate.overrideRates.map((o) => ({ step: o.step, max: o.max, now: o.now })),
        verification_cost: gate.verifications.map((v) => ({
          step: v.step,
          checks: v.checks,
          below_minutes: v.belowMinutes,
          now_minutes: v.nowMinutes,
        })),
        every_step_owned: { required: true, unowned_now: gate.unowned },
      },
      rollback_triggers: [
        ...gate.overrideRates.map((o) => ({ metric: 'override_rate', step: o.step, above: gate.maxOverrideRate, for_days: 7 })),
        { metric: 'lead_time_minutes', above: gate.leadTimeMinutes },
        { metric: 'unowned_steps_on_protected_path', above: 0 },
      ],
    },
  };
  return toYaml(value);
}
