import type { StallMap } from '../model';
import { redesignedMap } from './redesign';
import type { AnalysisResult, Finding } from './types';

/** The two states a map can hold: today's workflow, and the team's redesign of it. */
export type MapState = 'now' | 'redesign';

export const MAP_STATES: readonly MapState[] = ['now', 'redesign'];

/** What an export calls each state. */
export const STATE_NAMES: Readonly<Record<MapState, string>> = { now: 'Now', redesign: 'Redesign' };

/**
 * One state of the map as a map of its own, with that state's findings, for an export of either
 * state: today's from the analysis itself, the redesign's from its `redesign` part. Undefined for
 * the redesign of a map that has none. `analysis` must be of the whole map (today's state, carrying
 * the comparison), as `analyze(map)` gives it.
 */
export function mapInState(map: StallMap, analysis: Pick<AnalysisResult, 'findings' | 'redesign'>, state: MapState): { map: StallMap; findings: Finding[] } | undefined {
  if (state === 'now') return { map, findings: analysis.findings };
  const redesigned = redesignedMap(map);
  return redesigned ? { map: redesigned, findings: analysis.redesign?.findings ?? [] } : undefined;
}
