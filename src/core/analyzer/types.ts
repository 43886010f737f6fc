import type { StallMap, Step, Join, RuleSetting } from '../model';
import type { Graph } from './graph';

/** The contract of the analyzer's output (DOMAIN.md, "The analyzer"). */

export const SURFACES = ['architecture', 'workflow', 'evaluation', 'governance', 'stabilization'] as const;
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
}

export interface Metrics {
  /** Ids along the critical path, steps and joins interleaved: start, join, step, …, end. */
  criticalPath: string[];
  leadTimeMinutes: number;
  aiSavedMinutes: number;
  aiSavingShare: number;
  waitShare: number;
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

export interface SurfaceScore {
  /** 1 (probable stall driver) to 5 (sound). */
  score: number;
  openErrors: number;
  openWarnings: number;
  openInfos: number;
  nextMotion: string;
}

export type Scores = Record<Surface, SurfaceScore>;

export interface Triage {
  workflow: string;
  blocker: string | null;
  dominantSurface: Surface;
  confidence: number;
  evidence: string[];
  nextMotion: string;
  /** "The rollout is stalled because …" */
  sentence: string;
}

export interface AnalysisResult {
  findings: Finding[];
  metrics: Metrics;
  scores: Scores;
  triage: Triage;
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
  /** One or two sentences for the UI and the plan: why this matters. */
  why: string;
  /** What to do about it. */
  fix: string;
}

export interface Rule<Options = Record<string, unknown>> {
  meta: RuleMeta<Options>;
  check(context: RuleContext, report: (finding: Report) => void, options: Options): void;
}

/** A config file (`--config FILE`) has the shape of a map's settings. */
export interface AnalyzerConfig {
  rules?: Record<string, RuleSetting>;
}
