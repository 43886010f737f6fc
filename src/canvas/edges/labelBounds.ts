import type { Rect, ReactFlowInstance } from '@xyflow/react';

/**
 * `bounds` (flow coordinates) grown to take in every join label on the canvas: a rework loop
 * runs in a lane above or below the steps with its label beside it (join-route.ts), outside the
 * steps' own bounds, and a picture framed on the steps alone would cut it off.
 */
export function withJoinLabels(flow: ReactFlowInstance, bounds: Rect): Rect {
  let [left, top, right, bottom] = [bounds.x, bounds.y, bounds.x + bounds.width, bounds.y + bounds.height];
  for (const label of document.querySelectorAll('.join-label[data-join-id]')) {
    const box = label.getBoundingClientRect();
    if (!box.width) continue;
    const a = flow.screenToFlowPosition({ x: box.left, y: box.top }, { snapToGrid: false });
    const b = flow.screenToFlowPosition({ x: box.right, y: box.bottom }, { snapToGrid: false });
    [left, top, right, bottom] = [Math.min(left, a.x), Math.min(top, a.y), Math.max(right, b.x), Math.max(bottom, b.y)];
  }
  return { x: left, y: top, width: right - left, height: bottom - top };
}
