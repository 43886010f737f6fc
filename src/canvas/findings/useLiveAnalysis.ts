import { useEffect, useRef } from 'react';
import type { StallMap } from '../../core/model';
import { useStore } from '../../store';
import { OffThreadAnalysis } from './offThreadAnalysis';
import { onlyMoved } from './onlyMoved';

/**
 * Re-runs the analyzer as the map changes, from anyone. It waits for a short pause so a drag or
 * a burst of typing is not slowed by analysis on every frame. Small maps are analysed on the
 * spot (the analyzer is fast, see BENCHMARKS.md); large ones in a worker, so the page does not
 * stall on each pause: their findings stay as they were until the newer ones arrive.
 */
const SETTLE_MS = 60;

export function useLiveAnalysis(map: StallMap | null) {
  const setAnalysis = useStore((s) => s.setAnalysis);
  const view = useStore((s) => s.view);
  const live = useRef<OffThreadAnalysis | null>(null);
  // One per editor; its worker, if it started one, ends with the editor.
  useEffect(() => {
    const analysis = new OffThreadAnalysis(({ analysis, nowFindings, blocker }) => setAnalysis(analysis, nowFindings, blocker));
    live.current = analysis;
    return () => {
      analysis.close();
      live.current = null;
    };
  }, [setAnalysis]);
  // The map and view last handed to the analysis: a drag, which moves steps and changes no
  // finding, is not analysed again (each analysis of a large map is a round trip to the worker
  // and a new set of findings to take in, in the middle of the drag).
  const analysed = useRef<{ map: StallMap; view: string } | null>(null);
  // Before the first sync the doc is empty, however large the map: judged then, the summary's
  // first words about a map being opened were "lead time 0m, draw a Start and an End step". An
  // empty map is judged once the server has said it is empty; a copy kept in this browser (steps
  // already there) is judged at once, server or not.
  const loading = useStore((s) => s.status === 'connecting');
  useEffect(() => {
    if (!map || (loading && isEmpty(map))) return;
    const last = analysed.current;
    if (last && last.view === view && onlyMoved(last.map, map)) return;
    const timer = setTimeout(() => {
      analysed.current = { map, view };
      live.current?.update(map, view);
    }, SETTLE_MS);
    return () => clearTimeout(timer);
  }, [map, view, loading]);
}

const isEmpty = (map: StallMap) => map.steps.length === 0 && map.joins.length === 0 && !map.redesign;
