import type { Assessment, StallMap } from '../model';
import type { Graph } from './graph';
import { plainAlso, plainGain, plainReason } from './plain';
import { lowerFirst } from './text';
import { type Finding, type Gate, type GateAlso, type Metrics, type Scores, SURFACES, type Surface, type Triage } from './types';

/** What to do next when a failure surface is the stall driver. */
export const SURFACE_MOTIONS: Readonly<Record<Surface, string>> = {
  architecture: 'architecture audit',
  workflow: 'workflow redesign',
  evaluation: 'build the evaluation layer',
  governance: 'permission and approval boundary review',
  stabilization: 'stabilization sprint',
};

/** The next motion when no surface is a probable stall driver. */
export const NO_STALL_MOTION = 'expand under the rollout gate';

/** The typical symptom of each failure surface, for the UI and the plan. */
export const SURFACE_SYMPTOMS: Readonly<Record<Surface, string>> = {
  architecture: 'behaves differently live than in the demo; the map itself is incomplete',
  workflow: 'review burden high, ownership vague, joins manual',
  evaluation: 'prompt changes keep changing behaviour, no stable baseline, high overrides',
  governance: 'unsafe actions, permissions, approval semantics block launch',
  stabilization: 'the hot path is known but unreliable under real load',
};

/** Only a score of 1 or 2 is a probable stall driver. */
export const STALL_SCORE = 2;

/** What the scores are weighed against; every part optional so a bare list of findings still scores. */
export interface ScoreContext {
  /** Today's lead time and staff minutes: a finding's impact counts as a share of them. */
  metrics?: Pick<Metrics, 'leadTimeMinutes' | 'staffMinutesPerItem'>;
  /** Surfaces no rule can observe on this map, with the reason (observed.ts). Default: stabilization. */
  unobserved?: Partial<Record<Surface, string>>;
  /** Findings that block the rollout whatever their minutes (an unowned AI step, an AI output that reaches the outcome unattended). */
  blocking?: ReadonlySet<Finding>;
  /** The team's own scores, shown beside the computed ones. */
  assessment?: Assessment;
}

const DEFAULT_UNOBSERVED: Partial<Record<Surface, string>> = {
  stabilization: 'no rule observes it: the map does not show how the line behaves under real load',
};

/** Severity's part of a finding's weight; the rest (0.7) is its significance. */
const SEVERITY_PART = { error: 0.3, warning: 0.15, info: 0 } as const;
const SIGNIFICANCE_PART = 0.7;
/** A fix that takes this share of the lead time (or of staff time) off is as significant as it gets. */
const FULL_SHARE = 0.5;
/** A blocker (accountability, launch safety) is at least this significant, whatever its minutes. */
const BLOCKER_SIGNIFICANCE = 0.5;
/** What the other findings of a surface can add to its heaviest one, as a share of what is left: they never add up to a stall alone. */
const REST_PART = 0.35;
const BASIS = 3;

const isOpen = (finding: Finding) => !finding.waived;

/** `part` as a share of `whole`; 0 when there is no whole to share. */
const share = (part: number, whole: number | undefined) => (whole && whole > 0 && Number.isFinite(part / whole) ? part / whole : 0);

/**
 * A finding's weight, 0–1: 0.3 for an error or 0.15 for a warning, plus 0.7 × its significance:
 * the share of the lead time or of staff time its fix takes off (a half or more counts fully), at
 * least 0.5 for a blocker, and for an override rate how far it is above the threshold. So four
 * manual joins that wait nothing weigh 0.3 each, and a five-day queue with no owner weighs 1.
 */
export function findingWeight(finding: Finding, context: ScoreContext = {}): number {
  if (finding.severity === 'info') return 0;
  const impactShare = Math.max(
    share(finding.impact.leadTimeMinutes, context.metrics?.leadTimeMinutes),
    share(finding.impact.staffMinutesPerItem, context.metrics?.staffMinutesPerItem),
  );
  let significance = Math.min(1, impactShare / FULL_SHARE);
  if (context.blocking?.has(finding)) significance = Math.max(significance, BLOCKER_SIGNIFICANCE);
  if (finding.rule === 'override-rate') {
    const { overrideRate, maxOverrideRate } = finding.evidence;
    if (typeof overrideRate === 'number' && typeof maxOverrideRate === 'number' && maxOverrideRate > 0) {
      significance = Math.max(significance, Math.min(1, overrideRate / maxOverrideRate - 1));
    }
  }
  return SEVERITY_PART[finding.severity] + SIGNIFICANCE_PART * Math.max(0, significance);
}

/**
 * Per surface: the weight of its heaviest open finding, plus what the others add (at most 35% of
 * what is left, so many small findings never saturate into a stall); score = 5 − 4 × weight,
 * rounded, from 1 to 5. A surface no rule can observe is not assessed: its score is null.
 */
export function computeScores(findings: readonly Finding[], context: ScoreContext = {}): Scores {
  const unobserved = context.unobserved ?? DEFAULT_UNOBSERVED;
  const scores = {} as Scores;
  // Per surface, the indices of its open judged findings in the findings' order, and each one's
  // weight. The weights sit in a typed array: thousands of numbers in an array grow it past the
  // size the engine allocates cheaply.
  const members = new Map<Surface, number[]>();
  const weightOf = new Float64Array(findings.length);
  for (const surface of SURFACES) {
    const reason = unobserved[surface];
    scores[surface] = {
      score: reason ? null : 5,
      ...(reason ? { notAssessed: reason } : {}),
      stallDriver: false,
      weight: 0,
      openErrors: 0,
      openWarnings: 0,
      openInfos: 0,
      nextMotion: SURFACE_MOTIONS[surface],
      basis: [],
    };
    const team = context.assessment?.[surface];
    if (team) scores[surface].team = team;
    members.set(surface, []);
  }
  findings.forEach((finding, i) => {
    if (!isOpen(finding)) return;
    const score = scores[finding.surface];
    if (finding.severity === 'error') score.openErrors += 1;
    else if (finding.severity === 'warning') score.openWarnings += 1;
    else {
      score.openInfos += 1;
      return;
    }
    weightOf[i] = round2(findingWeight(finding, context));
    members.get(finding.surface)?.push(i);
  });
  for (const surface of SURFACES) {
    const score = scores[surface];
    if (score.score === null) continue;
    const list = members.get(surface) ?? [];
    // Heaviest first: the rest are added from the heaviest down (weights are finite, so a numeric sort orders them as the basis does).
    const ascending = new Float64Array(list.length);
    list.forEach((i, k) => {
      ascending[k] = weightOf[i];
    });
    ascending.sort();
    const heaviest = ascending.length > 0 ? ascending[ascending.length - 1] : 0;
    let rest = 0;
    for (let k = ascending.length - 2; k >= 0; k--) rest += ascending[k];
    const weight = heaviest + REST_PART * (1 - heaviest) * Math.min(1, rest / 2);
    score.weight = round2(weight);
    score.score = Math.min(5, Math.max(1, Math.round(5 - 4 * weight)));
    score.stallDriver = score.score <= STALL_SCORE;
    score.basis = heaviestFirst(list, weightOf, BASIS).map((i) => ({
      rule: findings[i].rule,
      targets: findings[i].targets,
      severity: findings[i].severity,
      weight: weightOf[i],
      impact: findings[i].impact,
    }));
  }
  return scores;
}

/** Of `list`, the `most` with the largest weights, largest first, the earlier first among equals (a stable sort's first few, without sorting all). */
function heaviestFirst(list: readonly number[], weightOf: Float64Array, most: number): number[] {
  const best: number[] = [];
  for (const i of list) {
    if (best.length === most && weightOf[i] <= weightOf[best[most - 1]]) continue;
    let k = best.length < most ? best.length : most - 1;
    while (k > 0 && weightOf[i] > weightOf[best[k - 1]]) k -= 1;
    best.splice(k, 0, i);
    if (best.length > most) best.pop();
  }
  return best;
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/**
 * Minutes off the lead time (then staff minutes) each surface's open judged findings would buy (of
 * the basis when no findings are given): how ties are broken. One pass over the findings for all.
 */
function impactsOf(scores: Scores, surfaces: readonly Surface[], findings: readonly Finding[] | undefined): Map<Surface, [number, number]> {
  const sums = new Map<Surface, [number, number]>(surfaces.map((s) => [s, [0, 0]]));
  const add = (sum: [number, number] | undefined, { impact }: Pick<Finding, 'impact'>) => {
    if (!sum) return;
    sum[0] += impact.leadTimeMinutes;
    sum[1] += impact.staffMinutesPerItem;
  };
  if (findings) {
    for (const f of findings) if (isOpen(f) && f.severity !== 'info') add(sums.get(f.surface), f);
  } else {
    for (const surface of surfaces) for (const b of scores[surface].basis) add(sums.get(surface), b);
  }
  return sums;
}

/** The lowest score of 2 or below, ties broken by impact (lead time, then staff time), then weight, then the table's order; null when none. */
export function dominantSurface(scores: Scores, findings?: readonly Finding[]): Surface | null {
  const drivers = SURFACES.filter((s) => scores[s].stallDriver);
  if (drivers.length <= 1) return drivers[0] ?? null;
  const impact = impactsOf(scores, drivers, findings);
  return drivers.sort((a, b) => {
    const [leadA, staffA] = impact.get(a) ?? [0, 0];
    const [leadB, staffB] = impact.get(b) ?? [0, 0];
    return (
      (scores[a].score ?? 5) - (scores[b].score ?? 5) ||
      leadB - leadA ||
      staffB - staffA ||
      scores[b].weight - scores[a].weight ||
      SURFACES.indexOf(a) - SURFACES.indexOf(b)
    );
  })[0];
}

/**
 * How clearly the evidence points at the dominant surface, 0–1: its weight, times how far it
 * stands from the next surface (alike scores: half), times n / (n + 1) for its n open findings
 * (one finding: half). So one warning never gives more than 0.43, and never 1. With no dominant
 * surface the evidence points at none: 0.
 */
export function triageConfidence(scores: Scores, dominant: Surface | null): number {
  if (!dominant) return 0;
  const own = scores[dominant];
  const next = Math.max(0, ...SURFACES.filter((s) => s !== dominant && scores[s].score !== null).map((s) => scores[s].weight));
  const separation = own.weight > 0 ? Math.max(0, (own.weight - next) / own.weight) : 0;
  const n = own.openErrors + own.openWarnings;
  return round2(own.weight * (0.5 + 0.5 * separation) * (n / (n + 1)));
}

/** The evidence: the few open judged findings that carry most of the impact. */
const EVIDENCE = 3;

/**
 * The triage: one short sentence in plain words, built from the first gate (gates.ts:
 * accountability and launch safety, then what moves the lead time and staff minutes most), the
 * dominant surface, how clearly the evidence points at it, and the few findings that carry most
 * of the impact. An `info` finding only says a number is missing: never the blocker or the evidence.
 */
export function computeTriage(
  map: StallMap,
  findings: readonly Finding[],
  scores: Scores,
  gates: readonly Gate[],
  graph?: Graph,
): Triage {
  const dominant = dominantSurface(scores, findings);
  const judged = findings.filter((f) => isOpen(f) && f.severity !== 'info');
  const top = gates[0];
  const evidence = mostImpact(judged, EVIDENCE).map((finding) => finding.message);
  const nextMotion = dominant ? SURFACE_MOTIONS[dominant] : NO_STALL_MOTION;
  // The sentence's finding: the first gate's; with none (the driver is outside the organisation), the dominant surface's heaviest.
  const lead = top ? judged.find((f) => f.rule === top.rule && f.targets[0] === top.targets[0]) : undefined;
  const driver = lead ?? (dominant ? judged.find((f) => f.surface === dominant && f.rule === scores[dominant].basis[0]?.rule && f.targets[0] === scores[dominant].basis[0]?.targets[0]) : undefined);
  return {
    workflow: map.title,
    blocker: top ? top.message : null,
    dominantSurface: dominant,
    confidence: triageConfidence(scores, dominant),
    evidence,
    nextMotion,
    sentence: sentence(map, findings, dominant, driver, graph, !lead, lead ? top?.also : undefined),
  };
}

/**
 * The `most` findings that take most off the lead time, then staff minutes, the earlier first on a
 * tie: a stable sort's first few, kept by insertion in one pass instead of sorting thousands.
 */
function mostImpact(findings: readonly Finding[], most: number): Finding[] {
  const before = (a: Finding, b: Finding) =>
    b.impact.leadTimeMinutes - a.impact.leadTimeMinutes || b.impact.staffMinutesPerItem - a.impact.staffMinutesPerItem;
  const best: Finding[] = [];
  for (const finding of findings) {
    if (best.length === most && !(before(finding, best[most - 1]) < 0)) continue;
    let k = best.length < most ? best.length : most - 1;
    while (k > 0 && before(finding, best[k - 1]) < 0) k -= 1;
    best.splice(k, 0, finding);
    if (best.length > most) best.pop();
  }
  return best;
}

/**
 * `outside`: the driver is no gate's finding, so it concerns a step outside the organisation (gates
 * are never on one). `also`: the blockers joined to the driver's gate (its step's), said with it.
 */
function sentence(
  map: StallMap,
  findings: readonly Finding[],
  dominant: Surface | null,
  driver: Finding | undefined,
  graph: Graph | undefined,
  outside: boolean,
  also: readonly GateAlso[] = [],
): string {
  const alsoWords = graph ? also.map((joined) => `, and ${plainAlso(graph, joined)}`).join('') : '';
  const reason = driver ? (graph ? plainReason(graph, driver, map.title) + alsoWords : lowerFirst(driver.message)) : undefined;
  if (dominant && reason && driver) {
    const gain = plainGain(driver.impact, map.volumePerWeek !== undefined);
    const where = outside ? ' outside the organisation,' : '';
    return `The rollout is stalled${where} because ${reason}${gain ? `; fixing it ${outside ? '' : 'first '}${gain}` : ''}.`;
  }
  if (reason) return `No stall found: no failure surface scores 2 or below; the first thing to fix is that ${reason}.`;
  return `No stall found: ${quietReason(findings)}.`;
}

function quietReason(findings: readonly Finding[]): string {
  const unjudged = findings.filter((f) => isOpen(f) && f.severity === 'info').length;
  const waived = findings.length - findings.filter(isOpen).length;
  const reasons = [
    unjudged ? `${unjudged} ${unjudged === 1 ? 'finding says' : 'findings say'} which numbers are missing` : '',
    waived ? `${waived} ${waived === 1 ? 'finding was' : 'findings were'} waived on purpose` : '',
  ].filter(Boolean);
  return reasons.length ? `no open finding blocks the rollout; ${reasons.join(', and ')}` : 'no open finding blocks the rollout';
}
