import { useEffect, useRef, useState } from 'react';

/** Steps shown by the first task of a large map's opening; the next tasks size themselves (in steps on screen). */
const FIRST_CHUNK = 150;
/** How long each task of the opening should take, well under what a person feels as a stall. */
const TARGET_MS = 60;
const MIN_CHUNK = 50;
const MAX_CHUNK = 2000;

/**
 * How many of a large map's steps (in the map's order) the canvas shows while it opens. Drawing
 * thousands of steps and joins is one task of seconds, during which the page answers nothing; here
 * they appear a chunk per task instead, each chunk sized from how long the last one took, until
 * all are shown. A chunk counts only the steps on screen (`onScreen`, by index): React Flow mounts
 * nothing for the others, so a chunk takes them all in passing. Only the first opening is chunked: once every step is shown, steps added later
 * (by anyone) appear at once, and a map that opens small shows every step from the start.
 * `enabled`: the map is large enough to be worth it, and no picture is being taken (a picture shows
 * every step at once).
 */
export function useRevealInChunks(total: number, enabled: boolean, onScreen: (index: number) => boolean): number {
  const [limit, setLimit] = useState(FIRST_CHUNK);
  const done = useRef(false);
  const chunk = useRef(FIRST_CHUNK);
  const finished = done.current || !enabled || total <= limit;

  // biome-ignore lint/correctness/useExhaustiveDependencies: each new limit (a chunk shown) schedules the next chunk
  useEffect(() => {
    if (finished) {
      if (total > 0) done.current = true;
      return;
    }
    const started = performance.now();
    // A task of its own: the browser paints and answers input between chunks.
    const timer = setTimeout(() => {
      // Since this chunk was handed to React Flow: its drawing, and whatever else the page did meanwhile.
      const took = Math.max(1, performance.now() - started);
      const next = Math.round(chunk.current * Math.min(2, TARGET_MS / took));
      chunk.current = Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, next));
      setLimit((shown) => {
        let next = shown;
        for (let drawn = 0; next < total && drawn < chunk.current; next++) if (onScreen(next)) drawn++;
        return next;
      });
    }, 0);
    return () => clearTimeout(timer);
  }, [finished, limit, total, onScreen]);

  return finished ? total : limit;
}
