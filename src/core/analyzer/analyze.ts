import type { Join, StallMap, Step } from '../model';
import { type ConfigProblem, resolveSettings } from './config';
import { countingSort, identity } from './counting-sort';
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
import { type AnalysisResult, type AnalyzerConfig, type Finding, type FindingSeverity, RULE_IDS, RULE_RANK, type Report, type Rule, type RuleContext } from './types';

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
 * options), and the graph the map's own state was judged on (for wording a finding: plain.ts).
 * A map with a redesign gets the redesigned state's analysis beside it (redesign.ts).
 */
export function analyzeWithProblems(map: StallMap, options: AnalyzeOptions = {}): { result: AnalysisResult; problems: ConfigProblem[]; graph: Graph } {
  const analysed = analyzeOneState(map, options);
  const redesign = compareRedesign(map, { ...analysed.result, graph: analysed.graph }, (state) => {
    const other = analyzeOneState(state, options);
    return { ...other.result, graph: other.graph };
  });
  return redesign ? { ...analysed, result: { ...analysed.result, redesign } } : analysed;
}

/**
 * Makes the text one flat string. A message built from template literals is held as a tree of
 * pieces (about eight small objects for a typical one); reading a character makes the engine
 * join it into one string, so each finding keeps one string instead of the tree: on a 5,000-step
 * map about 1.8 MB less that every garbage collection during the analysis must copy.
 */
function flatten(text: string): void {
  text.charCodeAt(0);
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
  // What the rules report, with each report's rule and severity; made into findings once their
  // impacts are known, so each finding is made whole at once (not grown and changed field by field).
  const reports: Report[] = [];
  const reportedBy: Rule[] = [];
  const severities: FindingSeverity[] = [];
  for (const rule of rules) {
    const { severity: configured, options: ruleOptions } = settings[rule.meta.id];
    if (configured === 'off') continue;
    rule.check(
      context,
      (report) => {
        const graded = report.severity ?? rule.meta.defaultSeverity;
        const unjudged = report.incomplete || report.informational;
        flatten(report.message);
        reports.push(report);
        reportedBy.push(rule);
        severities.push(unjudged ? 'info' : (configured ?? graded));
      },
      ruleOptions,
    );
  }
  // Only a judged finding has a fix to weigh: "cannot be judged" has nothing to apply.
  const fixes = reports.map((report) => (report.fix && !report.incomplete ? report.fix : undefined));
  const impacts = computeImpacts(graph, fixes, map.volumePerWeek, (i) => reports[i].fixStepsAt);
  const findings = reports.map((report, i): Finding => {
    const { id: rule, surface } = reportedBy[i].meta;
    const severity = severities[i];
    const impact = impacts[i];
    const fix = fixes[i];
    const { targets, message } = report;
    const evidence = report.evidence ?? {};
    return fix
      ? { rule, severity, targets, surface, message, evidence, waived: false, impact, fix }
      : { rule, severity, targets, surface, message, evidence, waived: false, impact };
  });
  // Without waivers the index of steps by id is never needed: not building it spares a map of every step.
  const waivers = map.waivers?.length ? applyWaivers(findings, map.waivers, context.stepById) : { refused: [], stale: [] };
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
 * steps and joins. None of it depends on the file's order or on ids. Ties keep the rules' order.
 */
function sortFindings(findings: Finding[], graph: Graph) {
  const { position } = graph;
  const count = findings.length;
  // Each finding's place as three small numbers, compared in turn: its rule's rank (0: unknown);
  // its first target's step in topological order, or for a join the step it leaves (0: neither,
  // e.g. the map's own id); then 0 for that step itself, 1 + the join's index for a join.
  const rule = new Int32Array(count);
  const step = new Int32Array(count);
  const join = new Int32Array(count);
  let inOrder = true;
  for (let i = 0; i < count; i++) {
    const finding = findings[i];
    const target = finding.targets[0];
    rule[i] = (RULE_RANK.get(finding.rule) ?? -1) + 1;
    const s = graph.stepIndex.get(target);
    const j = s === undefined ? graph.joinIndex.get(target) : undefined;
    if (s !== undefined) step[i] = position[s] + 1;
    else if (j !== undefined && graph.from[j] >= 0) {
      step[i] = position[graph.from[j]] + 1;
      join[i] = 1 + j;
    }
    if (i > 0 && (rule[i - 1] - rule[i] || step[i - 1] - step[i] || join[i - 1] - join[i]) > 0) inOrder = false;
  }
  if (inOrder) return;
  // Stable counting sorts, least significant number first: linear, where a comparison sort of
  // thousands of findings was a noticeable part of the analysis.
  let order = identity(count);
  order = countingSort(order, join, graph.joins.length + 1);
  order = countingSort(order, step, graph.stepCount + 1);
  order = countingSort(order, rule, RULE_IDS.length + 1);
  const before = findings.slice();
  for (let k = 0; k < count; k++) findings[k] = before[order[k]];
}
