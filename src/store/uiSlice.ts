import type { StateCreator } from 'zustand';
import type { StoreState } from './index';

/** What this person is looking at: local, never synced (others see it through presence). */
export interface UiSlice {
  selection: string[];
  /** The inspector field to focus next, e.g. after clicking a finding about a missing owner. */
  focusField: string | null;
  sideTab: 'inspector' | 'findings';
  /** Review mode: dims all but the flagged elements and the critical path, hides editing tools. */
  reviewMode: boolean;
  /** The finding the review walk-through is on (index into the open findings). */
  walkIndex: number;
  /** True while a picture is taken: every node rendered, not only the visible ones. */
  exporting: boolean;
  /** How the findings panel lists findings: by what fixing each buys (lead time, then staff minutes), or by severity. */
  findingsOrder: 'impact' | 'severity';
  orderFindings(order: UiSlice['findingsOrder']): void;
  setExporting(on: boolean): void;
  setReviewMode(on: boolean): void;
  walkTo(index: number): void;
  showTab(tab: UiSlice['sideTab']): void;
  select(ids: string[]): void;
  focus(field: string | null): void;
}

export const createUiSlice: StateCreator<StoreState, [], [], UiSlice> = (set) => ({
  selection: [],
  focusField: null,
  sideTab: 'inspector',
  reviewMode: false,
  walkIndex: -1,
  exporting: false,
  findingsOrder: 'impact',
  orderFindings: (findingsOrder) => set({ findingsOrder }),
  setExporting: (exporting) => set({ exporting }),
  setReviewMode: (reviewMode) => set({ reviewMode, walkIndex: -1 }),
  walkTo: (walkIndex) => set({ walkIndex }),
  showTab: (sideTab) => set({ sideTab }),
  select: (ids) => set((state) => (sameIds(state.selection, ids) ? state : { selection: ids })),
  focus: (field) => set({ focusField: field }),
});

function sameIds(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}
