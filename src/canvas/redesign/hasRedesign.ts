import type { StallMap } from '../../core/model';

/**
 * Whether the map holds a redesign to show: its steps. Notes alone (kept after a discard) are not
 * one, and an empty redesign is what "start" copies today's map into.
 */
export function hasRedesign(map: StallMap | null): boolean {
  return (map?.redesign?.steps.length ?? 0) > 0;
}
