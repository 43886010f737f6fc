import type { StateCreator } from 'zustand';
import type { AnalysisResult, Finding, FindingSeverity } from '../core/analyzer';
import type { StoreState } from './index';

/** What the canvas draws on a flagged step or join: its most severe open finding, and counts. */
export interface Mark {
  severity: FindingSeverity | 'waived';
  open: number;
  waived: number;
}

export interface AnalysisSlice {
  analysis: AnalysisResult | null;
  marks: ReadonlyMap<string, Mark>;
  /** Today's findings, whichever state is shown: in the redesign, the ones whose fix can be applied to it. */
  nowFindings: readonly Finding[];
  showCriticalPath: boolean;
  /** `nowFindings` defaults to the analysis's own findings: today's, unless the redesign is shown. */
  setAnalysis(analysis: AnalysisResult, nowFindings?: readonly Finding[]): void;
  toggleCriticalPath(): void;
}

const RANK: Record<Mark['severity'], number> = { waived: 0, info: 1, warning: 2, error: 3 };

export const createAnalysisSlice: StateCreator<StoreState, [], [], AnalysisSlice> = (set, get) => ({
  analysis: null,
  marks: new Map(),
  nowFindings: [],
  showCriticalPath: false,
  setAnalysis: (analysis, nowFindings = analysis.findings) => set({ analysis, nowFindings, marks: stableMarks(get().marks, marksOf(analysis.findings)) }),
  toggleCriticalPath: () => set((s) => ({ showCriticalPath: !s.showCriticalPath })),
});

/** A finding marks its first target: the flagged step or join. */
function marksOf(findings: readonly Finding[]): Map<string, Mark> {
  const marks = new Map<string, Mark>();
  for (const finding of findings) {
    const id = finding.targets[0];
    if (id === undefined) continue;
    const mark = marks.get(id) ?? { severity: 'waived', open: 0, waived: 0 };
    if (finding.waived) mark.waived += 1;
    else {
      mark.open += 1;
      if (RANK[finding.severity] > RANK[mark.severity]) mark.severity = finding.severity;
    }
    marks.set(id, mark);
  }
  return marks;
}

/** Keeps unchanged marks as the same objects, so only the steps whose findings changed re-render. */
function stableMarks(before: ReadonlyMap<string, Mark>, after: Map<string, Mark>): ReadonlyMap<string, Mark> {
  for (const [id, mark] of after) {
    const prior = before.get(id);
    if (prior && prior.severity === mark.severity && prior.open === mark.open && prior.waived === mark.waived) after.set(id, prior);
  }
  return after;
}
