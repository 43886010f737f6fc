import { useLayoutEffect, useState } from 'react';
import { useReactFlow, useStore as useFlowStore, useStoreApi } from '@xyflow/react';
import type { Position, Step } from '../core/model';
import { ownAdds } from './drawingState';
import type { StepFlowNode } from './nodes/StepNode';
import { openingFloor, openingViewport } from './openingView';

/** How long the view glides to a map imported into the open one: the time "Fit view" takes. */
const GLIDE_MS = 300;

/** How long an import's map is waited for: one refused (too large for the server) never arrives, and a later edit must not move the view. */
const PATIENCE_MS = 5000;

/** A map this page imported into the open one, by its steps' places (none for a step the file places nowhere), until when it is waited for. */
let imported: { places: ReadonlyMap<string, Position | undefined>; until: number } | null = null;

/** Opens the view again, as a map opens (useOpeningView), once the canvas draws the steps of a map imported into the open one. */
export function openAgainWhenDrawn(steps: readonly Step[]): void {
  imported = { places: new Map(steps.map((step) => [step.id, step.position])), until: performance.now() + PATIENCE_MS };
}

/**
 * Puts the view where a map opens (openingViewport) as soon as React Flow can show it (each step
 * has a size: stepSize.ts), before the page paints, so no step is first drawn at a view it is not
 * seen in; and again once a map this page imported is drawn. Every way a map reaches the canvas
 * comes here: a new map or one from the home page's list, a link (review, view, the redesign's),
 * back from the compare view, a file imported. A map that opened empty, or holds only this
 * person's own additions, is not placed: the first step they add stays where it was put, rather
 * than the view jumping to it (and the next step landing where it was). Returns whether the view
 * is placed: a large map is handed to React Flow only then, so its steps are first drawn at the
 * zoom they are seen at (boxes and far joins), not whole, labels measured, at a zoom nobody sees.
 */
export function useOpeningView(nodes: readonly StepFlowNode[], steps: readonly Step[]): boolean {
  const flow = useReactFlow();
  const flowStore = useStoreApi();
  const flowReady = useFlowStore((s) => s.panZoom !== null && s.width > 0 && s.height > 0);
  const [placed, setPlaced] = useState(false);
  useLayoutEffect(() => {
    if (!nodes.length || !flowReady) return;
    const open = (duration: number) => {
      const { width, height, minZoom } = flowStore.getState();
      const placedSteps = nodes.map((node) => ({ ...node.position, width: node.measured?.width ?? 0, height: node.measured?.height ?? 0, start: node.data.step.kind === 'start' }));
      void flow.setViewport(openingViewport(placedSteps, { width, height }, { minZoom, floor: openingFloor(nodes.length) }), { duration });
    };
    if (!placed) {
      setPlaced(true);
      imported = null;
      if (!steps.every((s) => ownAdds.has(s.id))) open(0);
    } else if (imported && performance.now() < imported.until && drawsAll(nodes, imported.places)) {
      imported = null;
      open(GLIDE_MS);
    }
  }, [placed, nodes, flowReady, flow, flowStore, steps]);
  return placed;
}

/** Whether the canvas draws exactly the map imported, each step at its place. */
function drawsAll(nodes: readonly StepFlowNode[], map: ReadonlyMap<string, Position | undefined>): boolean {
  if (nodes.length !== map.size) return false;
  return nodes.every((node) => {
    if (!map.has(node.id)) return false;
    const at = map.get(node.id);
    return !at || (Math.abs(node.position.x - at.x) < 1 && Math.abs(node.position.y - at.y) < 1);
  });
}
