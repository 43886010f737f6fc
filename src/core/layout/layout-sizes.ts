import type { Join } from '../model';
import { formatDuration } from '../model/duration';

/**
 * The sizes and spacings every layout works with (ELK's and the fallback for huge maps), in one
 * place so both leave the same room for steps and join labels.
 */
export interface Size {
  width: number;
  height: number;
}

/** Steps' and join labels' sizes as the canvas measured them, by id; anything missing is estimated. */
export interface LayoutSizes {
  steps?: Record<string, Size>;
  labels?: Record<string, Size>;
}

/** A step the canvas has not measured. */
export const DEFAULT_STEP_SIZE: Size = { width: 200, height: 96 };

/** The room both layouts leave, in px: between layers of steps, between steps in a layer, between unconnected pieces. */
export const SPACING = { betweenLayers: 36, betweenSteps: 48, betweenPieces: 80 } as const;

const HANDOFF_TEXT = { system: 'system', manual: 'manual', meeting: 'meeting' } as const;

/**
 * About the size of a join's label on the canvas (11 px text, an icon, padding, room for a
 * severity mark), for when the canvas has not measured it: a little generous, never tight.
 */
export function estimateLabelSize(join: Pick<Join, 'label' | 'handoff' | 'waitMinutes'>): Size {
  const text = join.label ?? HANDOFF_TEXT[join.handoff];
  const wait = join.waitMinutes ? formatDuration(join.waitMinutes) : '';
  const width = 40 + text.length * 6.4 + (wait ? 6 + wait.length * 7 : 0) + 20;
  return { width: Math.round(Math.min(width, 204)), height: 24 };
}
