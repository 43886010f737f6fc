import type { StallMap } from '../../core/model';
import type { Store, StoreState } from '../../store';
import { awaitingMap } from '../../store/awaitingMap';
import type { MapView } from '../../store/uiSlice';
import { sameAnalysis } from '../shownState';
import { contentOf } from '../useMapContent';
import { onlyMoved } from './onlyMoved';

/** The pause after a change before it is analysed, so a drag or a burst of typing is not analysed on every frame. */
export const SETTLE_MS = 60;

interface Followed {
  map: StallMap | null;
  view: MapView;
  loading: boolean;
}

/**
 * Calls `analyse` with each map (as the panels read it: contentOf) and view worth analysing, read
 * from the store as it changes rather than from a render: a large map's first analysis leaves as
 * soon as the map is read, 300-400 ms sooner at 1,000 steps than after that render, and runs in
 * the worker while the page draws the map. (On two cores the two share the CPU, and the opening
 * measured no shorter: BENCHMARKS.md. With cores to spare, they overlap.)
 *
 * The first map worth judging (one with anything on it, or an empty one the server sent) is
 * analysed at once (in a microtask, after the store's other listeners); every later change after a pause of SETTLE_MS with no other change; a change that
 * only moved steps not at all (the analyzer never reads a position). Returns the unsubscribe.
 */
export function followMap(store: Store, analyse: (map: StallMap, view: MapView) => void): () => void {
  let seen: Followed = { map: null, view: 'now', loading: true };
  let analysed: { map: StallMap; view: MapView } | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let latest = 0;
  const follow = (state: StoreState) => {
    const now: Followed = { map: state.map && contentOf(state.map), view: state.view, loading: awaitingMap(state) };
    // Presence, selection and the like change the store too: they neither start nor delay an analysis.
    if (now.map === seen.map && now.view === seen.view && now.loading === seen.loading) return;
    seen = now;
    clearTimeout(timer);
    const ticket = ++latest;
    const { map, view, loading } = now;
    // Before the server's answer is read the doc is empty, however large the map: judged then, the
    // summary's first words about a map being opened were "lead time 0m, draw a Start and an End
    // step". An empty map is judged only as read after the server answered (never on a timer: the
    // read waits for a frame, and a busy page's frame came after any pause); a copy kept in this
    // browser (steps already there) is judged at once, server or not, and so is what an offline
    // page holds: no answer is coming.
    if (!map || (loading && isEmpty(map))) return;
    // Going from the canvas to the compare view analyses nothing again: at 5,000 steps that was a
    // worker's round and a redraw of both panes.
    if (analysed && sameAnalysis(analysed.view, view) && onlyMoved(analysed.map, map)) return;
    const run = () => {
      if (ticket !== latest) return;
      analysed = { map, view };
      analyse(map, view);
    };
    if (analysed) timer = setTimeout(run, SETTLE_MS);
    else queueMicrotask(run);
  };
  const unsubscribe = store.subscribe(follow);
  follow(store.getState());
  return () => {
    unsubscribe();
    clearTimeout(timer);
    latest = -1;
  };
}

const isEmpty = (map: StallMap) => map.steps.length === 0 && map.joins.length === 0 && !map.redesign;
