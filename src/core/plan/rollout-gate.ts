import { type AnalysisResult, type AnalyzerConfig, accountableName, buildGraph, checkedSteps } from '../analyzer';
import type { StallMap, Step } from '../model';
import { checkShare } from './check-share';
import { indexMap, namedOwner, numberOption, ruleOptions } from './targets';
import { toYaml, type YamlValue } from './yaml';

/**
 * The rollout gate, as a release gate is meant to be: what must hold before the pilot expands
 * (no open error, every step owned, the reviewer override rate at or below the map's threshold,
 * no critical regression, no approval-SLA breach, checks cheaper than the work they check), what
 * rolls it back at thresholds strictly beyond those (the override rate above 0.20 or 0.05 above
 * the threshold, whichever is higher; a critical regression; reviewers reporting missing
 * evidence), the protected path (the critical path and every AI step), and who decides to expand
 * or roll back (the program lead, else the sponsor). Today's figures stand beside the thresholds.
 */
export interface RolloutGate {
  workflow: string;
  /** Step labels: the critical path, then the AI steps not on it. */
  protectedPath: string[];
  /** Who decides to expand or roll back; name null when nobody is named. */
  decides: { name: string | null; role: 'program lead' | 'sponsor' | null };
  openErrors: number;
  overrideRates: { step: string; max: number; now: number | null }[];
  /** Each check's cost per item today, and what it must stay below: `share` of the manual work it checks (check-share.ts). */
  verifications: { step: string; checks: string[]; manualMinutes: number | null; belowMinutes: number | null; nowMinutes: number | null }[];
  /** The share of the manual work a check must cost less than, as the 30-day gate asks. */
  checkShare: number;
  unowned: string[];
  maxOverrideRate: number;
  /** The rollback threshold for the override rate: strictly above the one that must hold. */
  rollbackOverrideRate: number;
}

/** The rollback threshold for overrides: at least 0.20, and always 0.05 beyond the one that must hold. */
export const rollbackRate = (maxOverrideRate: number): number => Math.round(Math.max(0.2, maxOverrideRate + 0.05) * 100) / 100;

export function rolloutGate(map: StallMap, analysis: Pick<AnalysisResult, 'findings' | 'metrics'>, config?: AnalyzerConfig): RolloutGate {
  const index = indexMap(map);
  const options = ruleOptions(map, config);
  const maxOverrideRate = numberOption(options['override-rate'], 'maxOverrideRate', 0.15);
  const work = map.steps.filter((s) => s.kind !== 'start' && s.kind !== 'end');
  const path = analysis.metrics.criticalPath.filter((id) => index.steps.has(id));
  const onPath = new Set(path);
  const aiOff = map.steps.filter((s) => s.kind === 'ai' && !onPath.has(s.id)).map((s) => s.id);
  const placeholders = options['no-accountable-owner']?.placeholders as string[] | undefined;
  const lead = accountableName(map.program?.lead, placeholders);
  const sponsor = accountableName(map.program?.sponsor, placeholders);
  return {
    workflow: map.title,
    protectedPath: [...path, ...aiOff].flatMap((id) => index.steps.get(id)?.label ?? []),
    decides: lead ? { name: lead, role: 'program lead' } : sponsor ? { name: sponsor, role: 'sponsor' } : { name: null, role: null },
    openErrors: analysis.findings.filter((f) => !f.waived && f.severity === 'error').length,
    overrideRates: map.steps
      .filter((s) => s.kind === 'ai')
      .map((s) => ({ step: s.label, max: maxOverrideRate, now: s.overrideRate ?? null })),
    verifications: verificationCosts(map, checkShare(options['verification-exceeds-work'])),
    unowned: work.filter((s) => namedOwner(s, options['no-accountable-owner']) === undefined).map((s) => s.label),
    maxOverrideRate,
    rollbackOverrideRate: rollbackRate(maxOverrideRate),
    checkShare: checkShare(options['verification-exceeds-work']),
  };
}

/** Each verification: what it checks (as the analyzer reads it: `verifies`, else the nearest AI steps upstream), its cost, the manual cost, and `share` of that, which it must stay below. */
function verificationCosts(map: StallMap, share: number): RolloutGate['verifications'] {
  if (!map.steps.some((s) => s.kind === 'verification')) return [];
  const graph = buildGraph(map);
  const checkedBy = checkedSteps(graph);
  return map.steps.flatMap((step) => {
    if (step.kind !== 'verification') return [];
    const checked: Step[] = checkedBy(graph.stepIndex.get(step.id) as number).map((i) => graph.steps[i]);
    const manual = checked.map((c) => c.manualMinutes ?? (c.kind === 'ai' ? undefined : c.workMinutes));
    const known = checked.length > 0 && manual.every((m) => m !== undefined);
    const manualMinutes = known ? manual.reduce((sum: number, m) => sum + (m ?? 0), 0) : null;
    return [
      {
        step: step.label,
        checks: checked.map((c) => c.label),
        manualMinutes: manualMinutes === null ? null : round2(manualMinutes),
        belowMinutes: manualMinutes === null ? null : round2(manualMinutes * share),
        nowMinutes: step.workMinutes === undefined ? null : round2(step.workMinutes * (step.sampleRate ?? 1)),
      },
    ];
  });
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** The gate as YAML, for tools (the plan's appendix). */
export function rolloutGateYaml(gate: RolloutGate): string {
  const value: YamlValue = {
    rollout_gate: {
      workflow: gate.workflow,
      protected_path: gate.protectedPath,
      decides: { name: gate.decides.name, role: gate.decides.role },
      before_expansion: {
        open_errors: { max: 0, now: gate.openErrors },
        every_step_owned: { required: true, unowned_now: gate.unowned },
        override_rate: gate.overrideRates.map((o) => ({ step: o.step, max: o.max, now: o.now })),
        critical_regressions: { max: 0 },
        approval_sla_breaches: { max: 0 },
        verification_cost: gate.verifications.map((v) => ({
          step: v.step,
          checks: v.checks,
          below_minutes: v.belowMinutes,
          manual_minutes: v.manualMinutes,
          now_minutes: v.nowMinutes,
        })),
      },
      rollback_triggers: [
        ...gate.overrideRates.map((o) => ({ metric: 'override_rate', step: o.step, above: gate.rollbackOverrideRate, for_days: 7 })),
        { metric: 'critical_regressions', above: 0 },
        { metric: 'reviewer_reports_of_missing_evidence', above: 0 },
      ],
    },
  };
  return toYaml(value);
}
