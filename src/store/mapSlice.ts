import type { StateCreator } from 'zustand';
import type { StallMap } from '../core/model';
import type { SkippedItem } from '../collab/doc';
import type { StoreState } from './index';
import type { MapView } from './uiSlice';

/** The store's mirror of the Y.Doc. Only the doc binding writes it: the Y.Doc is the truth. */
export interface MapSlice {
  map: StallMap | null;
  skipped: SkippedItem[];
  /**
   * Whether `map` was read once the server had answered for it. Before, the doc may be empty only
   * because nothing has come yet, or hold only this browser's copy: an empty map then says nothing.
   */
  answered: boolean;
  /** Takes the map as read; the selection keeps only what the map still has. */
  setMirror(map: StallMap, skipped: SkippedItem[], answered: boolean): void;
}

export const createMapSlice: StateCreator<StoreState, [], [], MapSlice> = (set) => ({
  map: null,
  skipped: [],
  answered: false,
  setMirror: (map, skipped, answered) => set((state) => ({ map, skipped, answered, selection: stillThere(state.selection, map, state.view) })),
});

/**
 * The selection less the steps and joins the state on screen no longer has: a colleague deleted
 * one, or an undo took back its adding. React Flow sends no "deselect" for an element that is
 * gone, so the id stayed selected out of sight: the next click on a step made two selected, and
 * the step came back selected if it returned. The same array when nothing is gone.
 */
function stillThere(selection: string[], map: StallMap, view: MapView): string[] {
  if (selection.length === 0) return selection;
  const states = view === 'now' ? [map] : view === 'redesign' ? [map.redesign] : [map, map.redesign];
  const missing = new Set(selection);
  // Runs on every change of the map (each frame of a drag): it stops as soon as all are found.
  for (const state of states) {
    for (const items of [state?.steps ?? [], state?.joins ?? []]) {
      for (const item of items) if (missing.delete(item.id) && missing.size === 0) return selection;
    }
  }
  return selection.filter((id) => !missing.has(id));
}
