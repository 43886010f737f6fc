import { useMemo } from 'react';
import { useReactFlow, type Node, type ReactFlowInstance } from '@xyflow/react';
import type { StepKind } from '../core/model';
import { placeAfter, placeInView, STEP_BOX, type Box, type Point, type Size } from '../core/layout/placement';
import { useStore } from '../store';
import { ownAdds, useDrawing } from './drawingState';
import { useSession } from './SessionContext';

/**
 * Adding a step, however it is asked for (palette, "add next", a drop, a paste): it lands on free
 * space, never on another step; it is selected, in view, and its label is open for typing on the
 * canvas. Returns the new step's id (undefined when the page may not change the map).
 */
export function useAddStep() {
  const { commands } = useSession();
  const flow = useReactFlow();
  return useMemo(() => {
    const finish = (id: string | undefined, at: Point) => {
      if (!id) return undefined;
      ownAdds.set(id, Date.now());
      useStore.getState().select([id]);
      useDrawing.getState().rename(id);
      bringIntoView(flow, { ...at, ...STEP_BOX });
      return id;
    };
    return {
      /** In the free space nearest the middle of the view. */
      inView(kind: StepKind): string | undefined {
        const at = placeInView(visibleArea(flow), STEP_BOX, stepBoxes(flow));
        return finish(commands.addStep(kind, at), at);
      },
      /** Dropped at a point: there if it is free, else the free spot nearest to it. */
      at(kind: StepKind, point: Point): string | undefined {
        const at = placeInView({ x: point.x - STEP_BOX.width / 2, y: point.y - STEP_BOX.height / 2, width: STEP_BOX.width, height: STEP_BOX.height }, STEP_BOX, stepBoxes(flow));
        return finish(commands.addStep(kind, at), at);
      },
      /** After `from`, joined to it: to its right, or beside the steps already there. */
      after(from: string, kind: StepKind): string | undefined {
        const source = stepBoxes(flow).find((b) => b.id === from);
        if (!source) return undefined;
        const at = placeAfter(source, STEP_BOX, stepBoxes(flow));
        return finish(commands.addNext(from, kind, at)?.step, at);
      },
    };
  }, [commands, flow]);
}

/** The part of the canvas on screen, in flow coordinates. */
export function visibleArea(flow: ReactFlowInstance): Box {
  const pane = document.querySelector('.canvas .react-flow')?.getBoundingClientRect() ?? document.querySelector('.canvas')?.getBoundingClientRect();
  const left = pane?.left ?? 0;
  const top = pane?.top ?? 0;
  const a = flow.screenToFlowPosition({ x: left, y: top }, { snapToGrid: false });
  const b = flow.screenToFlowPosition({ x: left + (pane?.width ?? 800), y: top + (pane?.height ?? 600) }, { snapToGrid: false });
  return { x: a.x, y: a.y, width: b.x - a.x, height: b.y - a.y };
}

/** Every step on the canvas as a box: its measured size, never less than the size placement assumes. */
export function stepBoxes(flow: ReactFlowInstance): (Box & { id: string })[] {
  return flow.getNodes().map((node: Node) => ({ id: node.id, ...node.position, ...sizeOf(node) }));
}

function sizeOf(node: Node): Size {
  return { width: Math.max(node.measured?.width ?? 0, STEP_BOX.width), height: Math.max(node.measured?.height ?? 0, STEP_BOX.height) };
}

/** Pans (keeping the zoom) so a box is on screen, if it is not already. */
export function bringIntoView(flow: ReactFlowInstance, box: Box): void {
  const view = visibleArea(flow);
  const inside = box.x >= view.x && box.y >= view.y && box.x + box.width <= view.x + view.width && box.y + box.height <= view.y + view.height;
  if (!inside) void flow.setCenter(box.x + box.width / 2, box.y + box.height / 2, { zoom: flow.getZoom(), duration: 200 });
}
