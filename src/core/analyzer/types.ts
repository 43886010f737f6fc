import { type AssessmentEntry, type Join, type RuleSetting, type StallMap, type Step, SURFACE_IDS, type Waiver } from '../model';
import type { Graph } from './graph';
import type { RedesignAnalysis } from './redesign';

/** The contract of the analyzer's output (docs/architecture.md, "The analyzer"; docs/rules/). */

export const SURFACES = SURFACE_IDS;
export type Surface = (typeof SURFACES)[number];

export type FindingSeverity = 'info' | 'warning' | 'error';

export const RULE_IDS = [
  'human-join',
  'verification-exceeds-work',
  'no-accountable-owner',
  'unverified-ai-output',
  'approval-chain',
  'work-did-not-move',
  'override-rate',
  'dangling-step',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

/** Each rule's place in RULE_IDS (the order findings and gates are listed in), as a lookup. */
export const RULE_RANK: ReadonlyMap<string, number> = new Map(RULE_IDS.map((id, k) => [id, k]));

export interface Finding {
  rule: RuleId;
  severity: FindingSeverity;
  /** Ids the finding is about, the flagged step or join first. */
  targets: string[];
  surface: Surface;
  message: string;
  evidence: Record<string, unknown>;
  waived: boolean;
  /** Present when waived: the waiver's reason, who and when. */
  waiver?: { reason: string; by: string; at: string };
  /** What applying the rule's fix model to the targets would take off the metrics (0 where it has none). */
  impact: Impact;
  /** The rule's fix model applied to this finding: the fields it would change (absent where the rule has none). */
  fix?: Fix;
}

/** How much the metrics drop when a finding's fix model is applied and the metrics computed again. */
export interface Impact {
  leadTimeMinutes: number;
  /** Present when the map's joins carry shares (a typical path exists). */
  typicalLeadTimeMinutes?: number;
  staffMinutesPerItem: number;
  /** Present when the map gives `volumePerWeek`. */
  staffHoursPerWeek?: number;
}

/**
 * A fix model's changes, by id, as new field values (they only ever lower minutes): what the
 * impact is computed from, and what "apply the fix" writes into a redesign.
 */
export interface Fix {
  steps: { id: string; workMinutes?: number; waitMinutes?: number; sampleRate?: number }[];
  joins: { id: string; waitMinutes?: number; handoff?: 'system' }[];
  /**
   * Steps the fix takes out of the way in a redesign, where each has one way in and one way out
   * (bypass.ts): the join into it goes on to where it went. `steps` above already gives them no
   * work and no wait, so the impact is the same either way; the redesign then shows them gone.
   */
  bypass?: string[];
}

/** A number the metrics counted as 0 because the map does not give it. */
export interface MissingNumber {
  id: string;
  field: 'workMinutes' | 'manualMinutes' | 'share';
  /** The metrics that rest on it. */
  affects: ('leadTime' | 'staff' | 'staffBeforeAi' | 'aiSaving')[];
}

export interface Metrics {
  /** Ids along the critical path, steps and joins interleaved: start, join, step, …, end. */
  criticalPath: string[];
  leadTimeMinutes: number;
  aiSavedMinutes: number;
  aiSavingShare: number;
  waitShare: number;
  /** The lead time of the way most items go (at each choice, the join with the largest share); when shares are given and a path runs from a start to an end. */
  typicalLeadTimeMinutes?: number;
  /** Minutes of people's hands-on work per item entering the map (human, approval, verification × sample, handoff). */
  staffMinutesPerItem: number;
  /** The same had people done each AI step's work by hand, without the checks of AI output and the re-keying of it. */
  staffMinutesBeforeAi: number;
  /** With `volumePerWeek`: staff minutes per item × items a week / 60. */
  staffHoursPerWeek?: number;
  staffHoursPerWeekBeforeAi?: number;
  /** With `volumePerWeek` and `costPerHour`: staff hours a week × cost of an hour. */
  staffCostPerWeek?: number;
  /** The numbers counted as 0 because the map does not give them, so no 0 is shown as a fact. */
  missing: MissingNumber[];
  counts: {
    steps: number;
    joins: number;
    stepsByKind: Record<Step['kind'], number>;
    findingsByRule: Record<string, number>;
    findingsBySeverity: Record<FindingSeverity, number>;
    findingsBySurface: Record<Surface, number>;
    open: number;
    waived: number;
  };
}

/** One open finding a surface's score rests on, with what fixing it would buy. */
export interface ScoreBasis {
  rule: RuleId;
  targets: string[];
  severity: FindingSeverity;
  /** 0–1: how much this finding weighs in the score (severity, and impact on the lead time or staff time). */
  weight: number;
  impact: Impact;
}

export interface SurfaceScore {
  /** 1 (probable stall driver) to 5 (sound); null when not assessed (no rule can observe the surface on this map). */
  score: number | null;
  /** Present when not assessed: why no rule can observe the surface here. */
  notAssessed?: string;
  /** Only a score of 1 or 2 is a probable stall driver. */
  stallDriver: boolean;
  /** 0–1: the open findings' combined weight (the score is 5 − 4 × weight, rounded); 0 when not assessed. */
  weight: number;
  openErrors: number;
  openWarnings: number;
  openInfos: number;
  nextMotion: string;
  /** What the score rests on: the open judged findings that weigh most (at most three), heaviest first. */
  basis: ScoreBasis[];
  /** The team's own score of the surface, with its evidence: shown beside the computed one, never replacing it. */
  team?: AssessmentEntry;
}

export type Scores = Record<Surface, SurfaceScore>;

export interface Triage {
  workflow: string;
  /** The first gate's finding message; null when nothing blocks. */
  blocker: string | null;
  /** The lowest score of 2 or below, ties by impact; null when no surface is a probable stall driver. */
  dominantSurface: Surface | null;
  /** 0–1: how clearly the evidence points at the dominant surface (0 when there is none). */
  confidence: number;
  evidence: string[];
  nextMotion: string;
  /** "The rollout is stalled because …", or "No stall found …" */
  sentence: string;
}

/** Who must act on a gate: the step's owner, else the program lead, else the sponsor. */
export interface GateOwner {
  /** Null when nobody is named: naming someone is then the first act. */
  name: string | null;
  role: 'step owner' | 'program lead' | 'sponsor' | null;
  /** What they must do first, in plain words. */
  action: string;
}

/** One of the one or two things to resolve in the next 30 days. */
export interface Gate {
  rule: RuleId;
  targets: string[];
  severity: FindingSeverity;
  message: string;
  /** Why it ranks here: accountability, launch safety, or what it takes off the lead time or staff minutes. */
  reason: 'accountability' | 'launch safety' | 'lead time' | 'staff time' | 'severity';
  owner: GateOwner;
  impact: Impact;
  /**
   * Other blockers of the first kind on the same step, joined to this gate rather than made
   * gates of their own (never two gates on one step): an AI step nobody owns whose output also
   * reaches the outcome unchecked. The owner's action asks for both.
   */
  also?: GateAlso[];
}

/** A finding joined to a gate on its step (Gate.also). */
export interface GateAlso {
  rule: RuleId;
  targets: string[];
  message: string;
  reason: 'accountability' | 'launch safety';
}

/** A waiver the analyzer did not apply: accountability cannot be waived away. */
export interface RefusedWaiver extends Waiver {
  /** Why, in one sentence. */
  why: string;
}

/** What became of the map's waivers beyond the findings they mark. */
export interface WaiverReport {
  /** Waivers of `no-accountable-owner` on an ai, approval or verification step: the finding stays open. */
  refused: RefusedWaiver[];
  /** Waivers that match no finding (the step was fixed, renamed or deleted, or the rule is off). */
  stale: Waiver[];
}

/** A rule setting that differs from the defaults, and where it comes from. */
export interface SettingChange {
  rule: string;
  source: 'map' | 'config';
  /** The configured severity ('off' turns the rule off), when one is set. */
  severity?: FindingSeverity | 'off';
  /** Options that differ from the rule's defaults. */
  options?: Record<string, unknown>;
}

export interface AnalysisResult {
  findings: Finding[];
  metrics: Metrics;
  scores: Scores;
  triage: Triage;
  gates: Gate[];
  waivers: WaiverReport;
  /** Every rule setting that differs from the defaults (the map's settings and a config file), to disclose. */
  settings: SettingChange[];
  /** With a redesign in the map: the redesigned state's findings and metrics, and the change in each figure. */
  redesign?: RedesignAnalysis;
}

/** What a rule reports; severity and surface are filled in by the runner from config and meta. */
export interface Report {
  targets: string[];
  message: string;
  evidence?: Record<string, unknown>;
  /** The rule's graded severity for this finding (e.g. error next to an AI step); config may override. */
  severity?: FindingSeverity;
  /**
   * The finding only says which numbers are missing (evidence.missing), so the rule could not
   * judge: it stays `info` whatever severity the rule is configured to.
   */
  incomplete?: boolean;
  /** The finding is context, not a stall (a check of work no AI does): it stays `info` whatever is configured. */
  informational?: boolean;
  /** The rule's fix model applied to this finding (see RuleMeta.fixModel). */
  fix?: Fix;
  /**
   * The graph's index of each of `fix.steps`, in order, when the rule has them at hand: the
   * impact then need not look the ids up again. Worth it for long fixes made over and over (an
   * approval chain's approvals, merged by the fix of every AI step before them); without it the
   * ids are looked up.
   */
  fixStepsAt?: readonly number[];
}

export interface RuleContext {
  map: StallMap;
  graph: Graph;
  stepById: ReadonlyMap<string, Step>;
  joinById: ReadonlyMap<string, Join>;
}

export interface RuleMeta<Options> {
  id: RuleId;
  surface: Surface;
  defaultSeverity: FindingSeverity;
  defaultOptions: Options;
  /** The rule in a few plain words, for people who do not know its id ("A person moves the work"). */
  name: string;
  /** One or two sentences for the UI and the plan: why this matters. */
  why: string;
  /** What to do about it. */
  fix: string;
  /** What the impact assumes the fix does, in one sentence (the fix model). */
  fixModel: string;
}

export interface Rule<Options = Record<string, unknown>> {
  meta: RuleMeta<Options>;
  check(context: RuleContext, report: (finding: Report) => void, options: Options): void;
}

/** A config file (`--config FILE`) has the shape of a map's settings. */
export interface AnalyzerConfig {
  rules?: Record<string, RuleSetting>;
}
