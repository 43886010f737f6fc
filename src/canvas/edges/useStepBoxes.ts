import { useRef } from 'react';
import { useStore as useFlowStore, type ReactFlowState } from '@xyflow/react';
import type { Box } from '../../core/layout/join-route';
import { sameItems } from '../../core/same-items';

/**
 * Every step's box in flow coordinates, as React Flow measured it: what a join's route and label
 * must keep clear of. One array per change of the nodes, shared by every join, and each box kept
 * as the same object while its step neither moves nor resizes, so a join re-renders only when a
 * step near it changes (not on every pan, nor when a step across the map is dragged).
 */
const boxesByNodes = new WeakMap<object, Box[]>();
const boxById = new Map<string, Box>();

function allBoxes(state: ReactFlowState): Box[] {
  const cached = boxesByNodes.get(state.nodes);
  if (cached) return cached;
  const boxes: Box[] = [];
  for (const node of state.nodes) {
    const internal = state.nodeLookup.get(node.id);
    const width = internal?.measured.width ?? node.width;
    const height = internal?.measured.height ?? node.height;
    if (!internal || !width || !height) continue;
    const { x, y } = internal.internals.positionAbsolute;
    const prior = boxById.get(node.id);
    const box = prior && prior.x === x && prior.y === y && prior.width === width && prior.height === height ? prior : { x, y, width, height };
    boxById.set(node.id, box);
    boxes.push(box);
  }
  boxesByNodes.set(state.nodes, boxes);
  return boxes;
}

/** The steps whose boxes fall in `[left, right]` horizontally (at any height). */
export function useStepBoxes(left: number, right: number): Box[] {
  // The selector runs on every change of React Flow's state, a pan or zoom too: filter again only when the steps or the span changed.
  const last = useRef<{ nodes: unknown; left: number; right: number; boxes: Box[] } | null>(null);
  return useFlowStore((state) => {
    const prior = last.current;
    if (prior && prior.nodes === state.nodes && prior.left === left && prior.right === right) return prior.boxes;
    const boxes = allBoxes(state).filter((b) => b.x < right && b.x + b.width > left);
    last.current = { nodes: state.nodes, left, right, boxes };
    return boxes;
  }, sameItems);
}
