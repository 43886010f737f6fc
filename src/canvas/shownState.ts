import { analyze, redesignedMap, type AnalysisResult } from '../core/analyzer';
import type { StallMap } from '../core/model';
import type { MapView } from '../store/uiSlice';

/**
 * The map as the canvas draws it: today's steps and joins, or the redesign's (an empty canvas
 * until a redesign is started). Settings, waivers and the program are the map's in both states.
 * The compare view draws both states itself and is handed today's map here.
 */
export function shownMap(map: StallMap, view: MapView): StallMap {
  if (view !== 'redesign') return map;
  return redesignedMap(map) ?? { ...map, steps: [], joins: [] };
}

/**
 * The analysis of the state on screen, carrying the comparison of both states (`redesign`) in
 * either view, so the summary can show both lead times whichever is shown.
 */
export function shownAnalysis(map: StallMap, view: MapView): AnalysisResult {
  const full = analyze(map);
  if (view !== 'redesign') return full;
  const shown = analyze(shownMap(map, view));
  return full.redesign ? { ...shown, redesign: full.redesign } : shown;
}
