import { useSyncExternalStore } from 'react';
import { useStoreApi, type ReactFlowState } from '@xyflow/react';
import { useStore } from '../../store';

/**
 * Below this zoom a step's text is too small to read (its 14 px label is under 4 px on screen, a join's 11 px label under 3),
 * so steps and joins are drawn as cheap shapes: a coloured box, a bare line. This is what keeps a
 * map of thousands of steps smooth at fit view, where every step is on screen at once.
 */
export const FAR_ZOOM = 0.25;

const isFar = (state: ReactFlowState) => state.transform[2] < FAR_ZOOM;

/**
 * True while the canvas is zoomed out past FAR_ZOOM. A boolean selector: a pan or a zoom tick
 * that stays on one side of the threshold re-renders nothing; crossing it re-renders once.
 * Never while a picture is taken: a picture shows every step whole, whatever the zoom on screen.
 */
export function useFar(): boolean {
  const watch = farWatch(useStoreApi());
  return useSyncExternalStore(watch.subscribe, watch.get);
}

/**
 * One subscription to each store for the whole canvas, however many steps and joins ask: the
 * thousands of them listen to a value that changes only when the threshold is crossed. Each one
 * selecting from the stores itself would be one more listener called on every store update (a
 * drag frame, a keystroke): at 1,000 steps a fifth of React Flow's listeners.
 */
interface FarWatch {
  get(): boolean;
  subscribe(listener: () => void): () => void;
}
const watches = new WeakMap<object, FarWatch>();

function farWatch(flow: ReturnType<typeof useStoreApi>): FarWatch {
  // Keyed by the store's own getState: useStoreApi hands each component a wrapper object of its own.
  const known = watches.get(flow.getState);
  if (known) return known;
  const get = () => isFar(flow.getState()) && !useStore.getState().exporting;
  const listeners = new Set<() => void>();
  let value = false;
  let stop: (() => void)[] = [];
  const update = () => {
    const next = get();
    if (next === value) return;
    value = next;
    for (const listener of listeners) listener();
  };
  const watch: FarWatch = {
    get,
    subscribe(listener) {
      if (!listeners.size) {
        value = get();
        stop = [flow.subscribe(update), useStore.subscribe(update)];
      }
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
        if (listeners.size) return;
        for (const unsubscribe of stop) unsubscribe();
        stop = [];
      };
    },
  };
  watches.set(flow.getState, watch);
  return watch;
}
