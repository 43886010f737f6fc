import type { StateCreator } from 'zustand';
import type { StallMap } from '../core/model';
import type { SkippedItem } from '../collab/doc';
import type { StoreState } from './index';

/** The store's mirror of the Y.Doc. Only the doc binding writes it: the Y.Doc is the truth. */
export interface MapSlice {
  map: StallMap | null;
  skipped: SkippedItem[];
  /**
   * Whether `map` was read once the server had answered for it. Before, the doc may be empty only
   * because nothing has come yet, or hold only this browser's copy: an empty map then says nothing.
   */
  answered: boolean;
  setMirror(map: StallMap, skipped: SkippedItem[], answered: boolean): void;
}

export const createMapSlice: StateCreator<StoreState, [], [], MapSlice> = (set) => ({
  map: null,
  skipped: [],
  answered: false,
  setMirror: (map, skipped, answered) => set({ map, skipped, answered }),
});
