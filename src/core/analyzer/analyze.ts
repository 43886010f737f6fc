import type { Join, StallMap, Step, Waiver } from '../model';
import { type ConfigProblem, resolveSettings } from './config';
import { buildGraph, type Graph } from './graph';
import { chooseGates } from './gates';
import { computeImpacts } from './impact';
import { computeMetrics } from './metrics';
import { rules } from './rules';
import { computeScores, computeTriage } from './surfaces';
import { type AnalysisResult, type AnalyzerConfig, type Finding, RULE_IDS, type RuleContext } from './types';

export interface AnalyzeOptions {
  /** A config file's rules: applied over the rule defaults and the map's `settings.rules`. */
  config?: AnalyzerConfig;
}

/**
 * The analyzer: a map that passed the schema in, findings, metrics, scores and triage out.
 * Pure and deterministic; about linear in the size of the map (it re-runs as people type).
 * Findings come with their impact (impact.ts) and the gates are ranked by it (gates.ts).
 */
export function analyze(map: StallMap, options: AnalyzeOptions = {}): AnalysisResult {
  return analyzeWithProblems(map, options).result;
}

/** `analyze`, plus what was ignored in the map's settings and the config (unknown rules, bad options). */
export function analyzeWithProblems(map: StallMap, options: AnalyzeOptions = {}): { result: AnalysisResult; problems: ConfigProblem[] } {
  const graph = buildGraph(map);
  let stepById: Map<string, Step> | undefined;
  let joinById: Map<string, Join> | undefined;
  const context: RuleContext = {
    map,
    graph,
    // Built on first use: the rules read the graph's indices, and 50,000 entries are not free.
    get stepById() {
      stepById ??= new Map(map.steps.map((s) => [s.id, s]));
      return stepById;
    },
    get joinById() {
      joinById ??= new Map(map.joins.map((j) => [j.id, j]));
      return joinById;
    },
  };
  const { settings, problems } = resolveSettings([
    { source: 'map', config: map.settings },
    { source: 'config', config: options.config },
  ]);
  const findings: Finding[] = [];
  for (const rule of rules) {
    const { severity: configured, options: ruleOptions } = settings[rule.meta.id];
    if (configured === 'off') continue;
    rule.check(
      context,
      (report) => {
        const graded = report.severity ?? rule.meta.defaultSeverity;
        const unjudged = report.incomplete || report.informational;
        findings.push({
          rule: rule.meta.id,
          severity: unjudged ? 'info' : (configured ?? graded),
          targets: report.targets,
          surface: rule.meta.surface,
          message: report.message,
          evidence: report.evidence ?? {},
          waived: false,
          impact: { leadTimeMinutes: 0, staffMinutesPerItem: 0 },
          // Only a judged finding has a fix to weigh: "cannot be judged" has nothing to apply.
          ...(report.fix && !report.incomplete ? { fix: report.fix } : {}),
        });
      },
      ruleOptions,
    );
  }
  computeImpacts(graph, findings, map.volumePerWeek);
  applyWaivers(findings, map.waivers ?? []);
  sortFindings(findings, graph);
  const scores = computeScores(findings);
  const placeholders = settings['no-accountable-owner'].options.placeholders as string[] | undefined;
  const gates = chooseGates(graph, findings, map.program, placeholders);
  const metrics = computeMetrics(graph, map, findings);
  return { result: { findings, metrics, scores, triage: computeTriage(map, findings, scores, gates), gates }, problems };
}

/** A waiver matches a finding by rule and first target; the first matching waiver is quoted. */
function applyWaivers(findings: Finding[], waivers: readonly Waiver[]) {
  if (waivers.length === 0) return;
  const byKey = new Map<string, Waiver>();
  for (const waiver of waivers) {
    const key = `${waiver.rule}\n${waiver.target}`;
    if (!byKey.has(key)) byKey.set(key, waiver);
  }
  for (const finding of findings) {
    const waiver = byKey.get(`${finding.rule}\n${finding.targets[0]}`);
    if (!waiver) continue;
    finding.waived = true;
    finding.waiver = { reason: waiver.reason, by: waiver.by, at: waiver.at };
  }
}

/**
 * RULE_IDS order, then the order of the work: the first target's place in the topological order
 * (a join just after the step it leaves; the map's own id first), then the canonical order of
 * steps and joins. None of it depends on the file's order or on ids.
 */
function sortFindings(findings: Finding[], graph: Graph) {
  const { stepCount: n, position } = graph;
  const m = graph.joins.length;
  const place = (id: string) => {
    const step = graph.stepIndex.get(id);
    if (step !== undefined) return position[step] * (m + n + 1);
    const join = graph.joinIndex.get(id);
    return join !== undefined && graph.from[join] >= 0 ? position[graph.from[join]] * (m + n + 1) + 1 + join : -1;
  };
  const span = (n + 1) * (m + n + 1);
  const rank = (f: Finding) => RULE_IDS.indexOf(f.rule) * span + place(f.targets[0]);
  const ranked = findings.map((finding, order) => ({ finding, order, rank: rank(finding) }));
  if (ranked.every((r, i) => i === 0 || ranked[i - 1].rank <= r.rank)) return;
  ranked.sort((a, b) => a.rank - b.rank || a.order - b.order);
  ranked.forEach((r, i) => {
    findings[i] = r.finding;
  });
}
