import type { StallMap } from '../core/model';
import { useStore } from '../store';
import { onlyMoved } from './findings/onlyMoved';

/**
 * The map as the panels around the canvas read it: a new object only when something other than a
 * step's position changed. A drag writes a position every frame, and every panel subscribed to the
 * whole map (the summary, the review bar, the inspector, the toolbar) re-rendered with it: at
 * 1,000 steps that was most of a drag frame's React work. The canvas draws positions and reads
 * the store's map itself.
 */
export function useMapContent(): StallMap | null {
  return useStore((s) => s.map && contentOf(s.map));
}

// Each map the store held, kept with the earliest map it differs from by positions alone. Each
// new map is compared with the one before it (onlyMoved), which shares every step that did not
// change with it, so a drag frame compares one step, however large the map and however long the drag.
const contents = new WeakMap<StallMap, StallMap>();
let previous: StallMap | null = null;

/** `map`, or the earliest map before it that differs from it by positions alone. */
export function contentOf(map: StallMap): StallMap {
  let content = contents.get(map);
  if (!content) {
    content = previous && onlyMoved(previous, map) ? (contents.get(previous) ?? previous) : map;
    contents.set(map, content);
    previous = map;
  }
  return content;
}
