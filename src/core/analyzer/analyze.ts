import type { Join, StallMap, Step } from '../model';
import { type ConfigProblem, resolveSettings } from './config';
import { buildGraph, type Graph } from './graph';
import { blockingFindings, chooseGates } from './gates';
import { computeImpacts } from './impact';
import { computeMetrics } from './metrics';
import { applyWaivers } from './waivers';
import { compareRedesign } from './redesign';
import { rules } from './rules';
import { unobservedSurfaces } from './observed';
import { settingChanges } from './setting-changes';
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

/**
 * `analyze`, plus what was ignored in the map's settings and the config (unknown rules, bad
 * options). A map with a redesign gets the redesigned state's analysis beside it (redesign.ts).
 */
export function analyzeWithProblems(map: StallMap, options: AnalyzeOptions = {}): { result: AnalysisResult; problems: ConfigProblem[] } {
  const { graph, ...analysed } = analyzeOneState(map, options);
  const redesign = compareRedesign(map, { ...analysed.result, graph }, (state) => {
    const other = analyzeOneState(state, options);
    return { ...other.result, graph: other.graph };
  });
  return redesign ? { ...analysed, result: { ...analysed.result, redesign } } : analysed;
}

/** One state of the map (its steps and joins as they are now, or as redesigned). */
function analyzeOneState(map: StallMap, options: AnalyzeOptions): { result: AnalysisResult; problems: ConfigProblem[]; graph: Graph } {
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
  const layers = [
    { source: 'map', config: map.settings },
    { source: 'config', config: options.config },
  ] as const;
  const { settings, problems } = resolveSettings(layers);
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
  const waivers = applyWaivers(findings, map.waivers ?? [], context.stepById);
  sortFindings(findings, graph);
  const metrics = computeMetrics(graph, map, findings);
  const scores = computeScores(findings, {
    metrics,
    unobserved: unobservedSurfaces(map.steps, settings),
    blocking: blockingFindings(graph, findings),
    assessment: map.assessment,
  });
  const placeholders = settings['no-accountable-owner'].options.placeholders as string[] | undefined;
  const gates = chooseGates(graph, findings, map.program, placeholders);
  const triage = computeTriage(map, findings, scores, gates, graph);
  return { result: { findings, metrics, scores, triage, gates, waivers, settings: settingChanges(layers) }, problems, graph };
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
