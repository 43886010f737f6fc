import { create } from 'zustand';

/**
 * What this person is doing with the canvas right now, beyond the selection: renaming a step on the
 * canvas, or making a join with the keyboard; and the last thing the canvas has to say (a duplicate
 * join, what was pasted). Local to the page, never synced.
 */
export interface DrawingState {
  /** The step whose label is being edited on the canvas. */
  renaming: string | null;
  /** Keyboard join in progress: from this step to the chosen target. */
  connecting: { from: string; target: string | null } | null;
  /** A short message shown over the canvas and read out by screen readers. */
  message: { text: string; at: number } | null;
  rename(id: string | null): void;
  connect(state: DrawingState['connecting']): void;
  say(text: string): void;
}

export const useDrawing = create<DrawingState>()((set) => ({
  renaming: null,
  connecting: null,
  message: null,
  rename: (renaming) => set({ renaming }),
  connect: (connecting) => set({ connecting }),
  say: (text) => set({ message: { text, at: Date.now() } }),
}));

/**
 * Steps this page added itself, with when: only these may be moved by the settling of steps added
 * at the same moment (useSettleNewSteps), so no step is ever moved by two people.
 */
export const ownAdds = new Map<string, number>();

/**
 * Steps this page added and its person then moved by hand: they stay where they were put, and they
 * are still this page's own, so their moves never count as others' arrivals. (Dropped from
 * `ownAdds` instead, a step dragged onto another new step of one's own counted as someone else's,
 * and the other step was moved away from it 800 ms after the drop.)
 */
export const placedByHand = new Set<string>();
