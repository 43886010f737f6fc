/** The analyzer's public API: the browser, the server, the CLI and the plan import from here. */
export { analyze, analyzeWithProblems, type AnalyzeOptions } from './analyze';
export { buildGraph, effectiveHandoff, joinName, nameOf, stepName, walk, type CriticalPath, type Graph, type Walk } from './graph';
export { rules, ruleMeta } from './rules';
export { resolveSettings, type ConfigProblem, type ConfigLayer, type ResolvedSetting } from './config';
export { measure, type Measures } from './metrics';
export { describeImpact, impactParts } from './impact-text';
export { checkedSteps } from './checks';
export { PLACEHOLDER_OWNERS, accountableName } from './rules/no-accountable-owner';
export { SURFACE_MOTIONS, SURFACE_SYMPTOMS, computeScores, computeTriage, dominantSurface } from './surfaces';
export * from './types';
