import { create } from 'zustand';
import { createAnalysisSlice, type AnalysisSlice } from './analysisSlice';
import { createMapSlice, type MapSlice } from './mapSlice';
import { createSessionSlice, type SessionSlice } from './sessionSlice';
import { createUiSlice, type UiSlice } from './uiSlice';

export type StoreState = MapSlice & UiSlice & SessionSlice & AnalysisSlice;

/** One store from typed slices (zustand's slices pattern); components select small pieces. */
export const createStore = () =>
  create<StoreState>()((...a) => ({
    ...createMapSlice(...a),
    ...createUiSlice(...a),
    ...createSessionSlice(...a),
    ...createAnalysisSlice(...a),
  }));

export type Store = ReturnType<typeof createStore>;

/** The page shows one map at a time, so one store serves it; a new session resets it. */
export const useStore = createStore();
