import { analyze, analyzeWithProblems, buildGraph, compareRedesign, type Graph, plainReason, redesignedMap, type AnalysisResult, type Finding } from '../core/analyzer';
import type { StallMap } from '../core/model';
import type { MapView } from '../store/uiSlice';
import { findingOfGate } from './findings/findingOrder';

/**
 * The map as the canvas draws it: today's steps and joins, or the redesign's (an empty canvas
 * until a redesign is started). Settings, waivers and the program are the map's in both states.
 * The compare view draws both states itself and is handed today's map here.
 */
export function shownMap(map: StallMap, view: MapView): StallMap {
  if (view !== 'redesign') return map;
  return redesignedMap(map) ?? { ...map, steps: [], joins: [] };
}

/**
 * Whether two views show the same analysis: the redesign view's is the redesign's, every other's
 * is today's with the comparison (analyseShown, below).
 */
export const sameAnalysis = (a: MapView, b: MapView) => (a === 'redesign') === (b === 'redesign');

/** What the page shows of the analysis: the state on screen's, and today's findings beside it. */
export interface ShownAnalysis {
  /** The analysis of the state on screen, carrying the comparison of both states (`redesign`) in either view. */
  analysis: AnalysisResult;
  /**
   * Today's findings, whichever state is shown: in the redesign, the ones whose fix the team can
   * apply to it. The same array as `analysis.findings` unless the redesign is shown.
   */
  nowFindings: readonly Finding[];
  /**
   * Why the first gate's finding stalls the line, in plain words (plainReason), if there is a gate.
   * Worded with the analysis, in the worker for a large map: it needs the map's graph, whose
   * building on the main thread was a long task after every pause in typing.
   */
  blocker?: string;
}

/** The analysis of the state on screen, and its blocker worded from that state's steps and joins. */
export function shownAnalysis(map: StallMap, view: MapView): ShownAnalysis {
  const { graph, title, ...shown } = analyseShown(map, view);
  const gate = shown.analysis.gates[0];
  const finding = gate && findingOfGate(shown.analysis.findings, gate);
  return finding ? { ...shown, blocker: plainReason(graph, finding, title) } : shown;
}

/**
 * Each state is analysed once. `analyze(map)` of a map with a redesign analyses both, but keeps
 * only the redesign's findings and metrics; the redesign view needs its whole analysis (scores,
 * gates, triage), so there each state is analysed on its own and compared from those two. The
 * graph of the state on screen (and its title) come back for wording the blocker.
 */
function analyseShown(map: StallMap, view: MapView): ShownAnalysis & { graph: Graph; title: string } {
  if (view !== 'redesign') {
    const { result: analysis, graph } = analyzeWithProblems(map);
    return { analysis, nowFindings: analysis.findings, graph, title: map.title };
  }
  const redesigned = redesignedMap(map);
  // Nothing to apply a fix to until the redesign is started.
  if (!redesigned) {
    const empty = shownMap(map, view);
    const { result: analysis, graph } = analyzeWithProblems(empty);
    return { analysis, nowFindings: [], graph, title: empty.title };
  }
  const { redesign: _, ...today } = map;
  const now = analyze(today);
  const shown = analyze(redesigned);
  // The graphs are rebuilt rather than the rules run again: building one is the cheap part.
  const graph = buildGraph(redesigned);
  const redesign = compareRedesign(map, { ...now, graph: buildGraph(today) }, () => ({ ...shown, graph }));
  return { analysis: redesign ? { ...shown, redesign } : shown, nowFindings: now.findings, graph, title: redesigned.title };
}
