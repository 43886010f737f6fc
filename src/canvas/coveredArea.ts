import { useRef } from 'react';
import { useStore as useFlowStore, type ReactFlowState } from '@xyflow/react';
import { viewOf } from './panels/minimapFrame';

/** A part of the map, in flow units. */
export interface Area {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * The part of the map drawn from afar (FarJoins, FarSteps), in flow units: the view and a view's
 * width and height around it. It changes only when the view leaves it or shrinks to under a third
 * of it (a zoom in), so a pan redraws once a screen, not on every frame.
 */
export function useCoveredArea(): Area {
  const last = useRef<Area | null>(null);
  return useFlowStore((s: ReactFlowState) => {
    const { x, y, width, height } = viewOf(s.transform, s.width, s.height);
    const view = { left: x, top: y, right: x + width, bottom: y + height };
    const prior = last.current;
    const inside = prior && view.left >= prior.left && view.top >= prior.top && view.right <= prior.right && view.bottom <= prior.bottom;
    if (prior && inside && prior.right - prior.left <= width * 4) return prior;
    const next = { left: view.left - width, top: view.top - height, right: view.right + width, bottom: view.bottom + height };
    last.current = next;
    return next;
  });
}
