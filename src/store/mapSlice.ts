import type { StateCreator } from 'zustand';
import type { StallMap } from '../core/model';
import type { SkippedItem } from '../collab/doc';
import type { StoreState } from './index';

/** The store's mirror of the Y.Doc. Only the doc binding writes it: the Y.Doc is the truth. */
export interface MapSlice {
  map: StallMap | null;
  skipped: SkippedItem[];
  setMirror(map: StallMap, skipped: SkippedItem[]): void;
}

export const createMapSlice: StateCreator<StoreState, [], [], MapSlice> = (set) => ({
  map: null,
  skipped: [],
  setMirror: (map, skipped) => set({ map, skipped }),
});
