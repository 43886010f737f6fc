/** The analyzer's public API: the browser, the server, the CLI and the plan import from here. */
export { analyze, analyzeWithProblems, type AnalyzeOptions } from './analyze';
export { buildGraph, effectiveHandoff, joinName, nameOf, stepName, walk, type CriticalPath, type Graph, type Walk } from './graph';
export { rules, ruleMeta, ruleName } from './rules';
export { resolveSettings, type ConfigProblem, type ConfigLayer, type ResolvedSetting } from './config';
export { measure, type Measures } from './metrics';
export { describeImpact, impactParts } from './impact-text';
export { describeEvidence } from './evidence-text';
export { countsAsManualBecause } from './handoff-reason';
export { checkedSteps } from './checks';
export { PLACEHOLDER_OWNERS, accountableName } from './rules/no-accountable-owner';
export {
  NO_STALL_MOTION,
  STALL_SCORE,
  SURFACE_MOTIONS,
  SURFACE_SYMPTOMS,
  computeScores,
  computeTriage,
  dominantSurface,
  findingWeight,
  triageConfidence,
  type ScoreContext,
} from './surfaces';
export { applyWaivers, waiverRefusal } from './waivers';
export { describeSettingChange, settingChanges } from './setting-changes';
export { unobservedSurfaces } from './observed';
export { plainReason, shortLabel, SHORT_LABEL } from './plain';
export { compareRedesign, redesignedMap, stateFigures, type RedesignAnalysis, type StateFigures } from './redesign';
export { applyFix } from './apply-fix';
export { hasPath, NO_PATH } from './has-path';
export { distinctTypicalLeadTime } from './typical-lead-time';
export * from './types';
