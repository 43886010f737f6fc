import { useEffect } from 'react';
import { useStore } from '../../store';
import { useSession } from '../SessionContext';
import { followMap } from './followMap';
import { OffThreadAnalysis } from './offThreadAnalysis';

/**
 * Re-runs the analyzer as the map changes, from anyone, after a short pause (followMap.ts). Small
 * maps are analysed on the spot (the analyzer is fast, see BENCHMARKS.md); large ones in a worker,
 * so the page does not stall on each pause: their findings stay as they were until the newer ones
 * arrive.
 */
export function useLiveAnalysis() {
  const setAnalysis = useStore((s) => s.setAnalysis);
  const { whenMapInParts } = useSession();
  useEffect(() => {
    const live = new OffThreadAnalysis(({ analysis, nowFindings, blocker }, view) => setAnalysis(analysis, nowFindings, blocker, view));
    const stop = followMap(useStore, (map, view) => live.update(map, view));
    // A large map on its way: its worker starts while the rest of it arrives.
    const unprepare = whenMapInParts(() => live.prepare());
    return () => {
      unprepare();
      stop();
      live.close();
    };
  }, [setAnalysis, whenMapInParts]);
}
