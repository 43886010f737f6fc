import type { FitViewOptions, ReactFlowInstance } from '@xyflow/react';
import type { Position } from '../../core/model';

/** How long to wait for the positions to reach the canvas before fitting anyway. */
const PATIENCE_MS = 5000;

/**
 * Fits the view once React Flow holds the steps at `positions`. Written to the doc, new positions
 * reach the canvas a frame or two later (the doc is read into the store once per frame, then
 * React renders): a fit made at once frames where the steps were, which after an auto-layout of
 * a large map could leave no step on screen at all.
 */
export function fitWhenPlaced(flow: Pick<ReactFlowInstance, 'getInternalNode' | 'fitView'>, positions: Record<string, Position>, options: FitViewOptions): void {
  const ids = Object.keys(positions);
  const giveUp = performance.now() + PATIENCE_MS;
  const placed = () =>
    ids.every((id) => {
      const at = flow.getInternalNode(id)?.position;
      // A step deleted meanwhile has no place to wait for.
      return !at || (Math.abs(at.x - positions[id].x) < 1 && Math.abs(at.y - positions[id].y) < 1);
    });
  const check = () => {
    // Every step, the ones held hidden and drawn from afar (FarSteps) too.
    if (placed() || performance.now() > giveUp) void flow.fitView({ ...options, includeHiddenNodes: true });
    else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
}
