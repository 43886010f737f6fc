import type { StallMap } from '../../core/model';
import type { MapView } from '../../store/uiSlice';
import { shownAnalysis, type ShownAnalysis } from '../shownState';

/**
 * Runs the analyzer off the main thread, so a large map's findings follow its edits without a
 * long task on the page (offThreadAnalysis.ts decides which maps come here). The same
 * `shownAnalysis` as on the main thread: the map and its answer cross as plain data.
 */
export interface AnalysisRequest {
  id: number;
  map: StallMap;
  view: MapView;
}

export type AnalysisAnswer = { id: number; result: ShownAnalysis } | { id: number; error: string };

self.onmessage = (event: MessageEvent<AnalysisRequest>) => {
  const { id, map, view } = event.data;
  let answer: AnalysisAnswer;
  try {
    answer = { id, result: shownAnalysis(map, view) };
  } catch (error) {
    answer = { id, error: (error as Error).message ?? String(error) };
  }
  self.postMessage(answer);
};
