import { useEffect } from 'react';
import type { StallMap } from '../../core/model';
import { useStore } from '../../store';
import { shownAnalysis } from '../shownState';

/**
 * Re-runs the analyzer as the map changes, from anyone. It waits for a short pause so a drag or
 * a burst of typing is not slowed by analysis on every frame; the analyzer itself is fast
 * (see BENCHMARKS.md), so the findings follow within a blink.
 */
const SETTLE_MS = 60;

export function useLiveAnalysis(map: StallMap | null) {
  const setAnalysis = useStore((s) => s.setAnalysis);
  const view = useStore((s) => s.view);
  useEffect(() => {
    if (!map) return;
    const timer = setTimeout(() => {
      const { analysis, nowFindings } = shownAnalysis(map, view);
      setAnalysis(analysis, nowFindings);
    }, SETTLE_MS);
    return () => clearTimeout(timer);
  }, [map, view, setAnalysis]);
}
