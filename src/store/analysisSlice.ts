import type { StateCreator } from 'zustand';
import type { AnalysisResult, Finding } from '../core/analyzer';
import { type Mark, marksOf } from '../core/picture/marks';
import type { StoreState } from './index';
import type { MapView } from './uiSlice';

/** What the canvas draws on a flagged step or join (core/picture/marks.ts: the pictures draw the same). */
export type { Mark };

export interface AnalysisSlice {
  analysis: AnalysisResult | null;
  marks: ReadonlyMap<string, Mark>;
  /** Today's findings, whichever state is shown: in the redesign, the ones whose fix can be applied to it. */
  nowFindings: readonly Finding[];
  /** Why the first gate stalls the line, in plain words, worded with the analysis (shownState.ts). */
  blocker: string | undefined;
  showCriticalPath: boolean;
  /**
   * The view `analysis` was made for (null: not said). The redesign view's analysis is the
   * redesign's; every other view's is today's with the comparison, which the compare view reuses.
   */
  analysedView: MapView | null;
  /** `nowFindings` defaults to the analysis's own findings: today's, unless the redesign is shown. */
  setAnalysis(analysis: AnalysisResult, nowFindings?: readonly Finding[], blocker?: string, view?: MapView): void;
  toggleCriticalPath(): void;
}

export const createAnalysisSlice: StateCreator<StoreState, [], [], AnalysisSlice> = (set, get) => ({
  analysis: null,
  marks: new Map(),
  nowFindings: [],
  blocker: undefined,
  showCriticalPath: false,
  analysedView: null,
  setAnalysis: (analysis, nowFindings = analysis.findings, blocker = undefined, view = undefined) =>
    set({ analysis, nowFindings, blocker, analysedView: view ?? null, marks: stableMarks(get().marks, marksOf(analysis.findings)) }),
  toggleCriticalPath: () => set((s) => ({ showCriticalPath: !s.showCriticalPath })),
});

/**
 * The findings arrive whole on each analysis, but are applied as a diff: unchanged marks keep
 * their objects, so only the steps whose findings changed re-render, and when no mark changed
 * the map itself is kept, so nothing that draws marks (every step and join) works at all.
 */
function stableMarks(before: ReadonlyMap<string, Mark>, after: Map<string, Mark>): ReadonlyMap<string, Mark> {
  let changed = before.size !== after.size;
  for (const [id, mark] of after) {
    const prior = before.get(id);
    if (prior && prior.severity === mark.severity && prior.open === mark.open && prior.waived === mark.waived) after.set(id, prior);
    else changed = true;
  }
  return changed ? after : before;
}
