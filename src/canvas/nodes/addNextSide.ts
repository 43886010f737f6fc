import { useRef } from 'react';
import { Position, useStore as useFlowStore, type ReactFlowState } from '@xyflow/react';
import type { Box } from '../../core/layout/join-route';

/**
 * The "add next" bar's size on screen (drawing.css): seven 26 px buttons 3 px apart, in 3 px of
 * padding and a 1 px border, 14 px from its step. It is drawn at that size at any zoom.
 */
const LONG = 7 * 26 + 6 * 3 + 2 * 3 + 2;
const SHORT = 26 + 2 * 3 + 2;
export const ADD_NEXT_OFFSET = 14;

/** Right first, where the next step goes; then below, above, and left, where the step's way in is. */
const SIDES = [Position.Right, Position.Bottom, Position.Top, Position.Left] as const;

/** Where the bar would cover, in flow units, on one side of its step (centred on that side, as React Flow's NodeToolbar draws it). */
function barBox(step: Box, side: Position, zoom: number): Box {
  const [long, short, offset] = [LONG / zoom, SHORT / zoom, ADD_NEXT_OFFSET / zoom];
  const midX = step.x + step.width / 2;
  const midY = step.y + step.height / 2;
  if (side === Position.Right) return { x: step.x + step.width + offset, y: midY - long / 2, width: short, height: long };
  if (side === Position.Left) return { x: step.x - offset - short, y: midY - long / 2, width: short, height: long };
  if (side === Position.Bottom) return { x: midX - long / 2, y: step.y + step.height + offset, width: long, height: short };
  return { x: midX - long / 2, y: step.y - offset - short, width: long, height: short };
}

const overlap = (a: Box, b: Box) => Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)) * Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));

/**
 * The side of a step on which "add next" covers no other step (a step placed right beside it
 * had its label hidden under the bar): the first free one of right, below, above and left, else
 * the one that covers least.
 */
export function addNextSide(step: Box, others: readonly Box[], zoom: number): Position {
  let best: Position = Position.Right;
  let least = Number.POSITIVE_INFINITY;
  for (const side of SIDES) {
    const bar = barBox(step, side, zoom);
    const covered = others.reduce((sum, other) => sum + overlap(bar, other), 0);
    if (covered === 0) return side;
    if (covered < least) [best, least] = [side, covered];
  }
  return best;
}

/**
 * The side for a step's bar, worked out again only when a step or the zoom changes (not on every
 * frame of a pan), and not while the step itself is dragged (the bar keeps its side until it is
 * dropped). The scan of the other steps allocates nothing for a step out of the bar's reach: on a
 * map of thousands, a colleague's drag calls it on every frame.
 */
export function useAddNextSide(stepId: string): Position {
  const last = useRef<{ nodes: unknown; zoom: number; side: Position } | null>(null);
  return useFlowStore((state: ReactFlowState) => {
    const zoom = state.transform[2];
    const prior = last.current;
    if (prior && prior.nodes === state.nodes && prior.zoom === zoom) return prior.side;
    const self = state.nodeLookup.get(stepId);
    if (prior && prior.zoom === zoom && self?.dragging) return prior.side;
    const step = self && boxOf(self);
    let side: Position = Position.Right;
    if (step) {
      // Only steps within the bar's reach can be under it.
      const reach = (ADD_NEXT_OFFSET + LONG) / zoom;
      const [left, right, top, bottom] = [step.x - reach, step.x + step.width + reach, step.y - reach, step.y + step.height + reach];
      const near: Box[] = [];
      for (const node of state.nodeLookup.values()) {
        const { x, y } = node.internals.positionAbsolute;
        const { width = 0, height = 0 } = node.measured;
        if (node.id === stepId || x >= right || x + width <= left || y >= bottom || y + height <= top) continue;
        const box = boxOf(node);
        if (box) near.push(box);
      }
      side = addNextSide(step, near, zoom);
    }
    last.current = { nodes: state.nodes, zoom, side };
    return side;
  });
}

function boxOf(node: { internals: { positionAbsolute: { x: number; y: number } }; measured: { width?: number; height?: number } }): Box | undefined {
  const { width, height } = node.measured;
  if (!width || !height) return undefined;
  return { ...node.internals.positionAbsolute, width, height };
}
