import type { StateCreator } from 'zustand';
import type { StoreState } from './index';
import { sameItems } from '../core/same-items';
import { cursorsHiddenHere, keepCursorsHidden } from './cursorsPreference';

/**
 * Which state of the workflow the canvas shows: today's (`now`), the team's redesign
 * (`redesign`, edited apart from today's), or both compared (`compare`, read-only).
 */
export type MapView = 'now' | 'redesign' | 'compare';
export const MAP_VIEWS: readonly MapView[] = ['now', 'redesign', 'compare'];

/** Which findings the findings panel lists: every filter empty (or `open`) lets all through. */
export interface FindingsFilter {
  rule: string;
  severity: string;
  surface: string;
  state: 'open' | 'waived' | 'all';
}

/** What this person is looking at: local, never synced (others see it through presence). */
export interface UiSlice {
  view: MapView;
  selection: string[];
  /** The inspector field to focus next, e.g. after clicking a finding about a missing owner. */
  focusField: string | null;
  sideTab: 'inspector' | 'findings';
  /** Review mode: dims all but the flagged elements and the critical path, hides editing tools. */
  reviewMode: boolean;
  /** Where the review walk-through is: its index into the open findings, in the findings list's order. */
  walkIndex: number;
  /**
   * The finding the walk went to (its findingKey): the list shows it ready to act on. Kept besides
   * the index because the list changes under the walk: a finding waived or fixed leaves it, and
   * the next one takes its place (and its index).
   */
  walked: string | null;
  /** True while a picture is taken: every node rendered, not only the visible ones. */
  exporting: boolean;
  /** How the findings panel lists findings: by what fixing each buys (lead time, then staff minutes), or by severity. */
  findingsOrder: 'impact' | 'severity';
  orderFindings(order: UiSlice['findingsOrder']): void;
  /** Whether the others' cursors are hidden on this page's canvas (their avatars stay): kept in this browser. */
  cursorsHidden: boolean;
  hideCursors(hidden: boolean): void;
  /** Kept while the inspector is open: the filters lead to a finding, fixing it goes through the inspector and back. */
  findingsFilter: FindingsFilter;
  filterFindings(patch: Partial<FindingsFilter>): void;
  /** Shows another state; the selection belongs to the state it was made in, so it is cleared. */
  setView(view: MapView): void;
  setExporting(on: boolean): void;
  setReviewMode(on: boolean): void;
  walkTo(index: number, key: string | null): void;
  showTab(tab: UiSlice['sideTab']): void;
  select(ids: string[]): void;
  focus(field: string | null): void;
}

export const createUiSlice: StateCreator<StoreState, [], [], UiSlice> = (set) => ({
  view: 'now',
  selection: [],
  focusField: null,
  sideTab: 'inspector',
  reviewMode: false,
  walkIndex: -1,
  walked: null,
  exporting: false,
  findingsOrder: 'impact',
  orderFindings: (findingsOrder) => set({ findingsOrder }),
  cursorsHidden: cursorsHiddenHere(),
  hideCursors: (cursorsHidden) => {
    keepCursorsHidden(cursorsHidden);
    set({ cursorsHidden });
  },
  findingsFilter: { rule: '', severity: '', surface: '', state: 'open' },
  filterFindings: (patch) => set((state) => ({ findingsFilter: { ...state.findingsFilter, ...patch } })),
  setView: (view) => set((state) => (state.view === view ? state : { view, selection: [], walkIndex: -1, walked: null })),
  setExporting: (exporting) => set({ exporting }),
  setReviewMode: (reviewMode) => set({ reviewMode, walkIndex: -1, walked: null }),
  walkTo: (walkIndex, walked) => set({ walkIndex, walked }),
  showTab: (sideTab) => set({ sideTab }),
  select: (ids) => set((state) => (sameItems(state.selection, ids) ? state : { selection: ids })),
  focus: (field) => set({ focusField: field }),
});
