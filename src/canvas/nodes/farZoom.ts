import { useStore as useFlowStore, type ReactFlowState } from '@xyflow/react';
import { useStore } from '../../store';

/**
 * Below this zoom a step's text is too small to read (its 14 px label is under 4 px on screen, a join's 11 px label under 3),
 * so steps and joins are drawn as cheap shapes: a coloured box, a bare line (FarSteps, FarJoins).
 * This is what keeps a map of thousands of steps smooth at fit view, where every step is on screen at once.
 */
export const FAR_ZOOM = 0.25;

const isFar = (state: ReactFlowState) => state.transform[2] < FAR_ZOOM;

/**
 * True while the canvas is zoomed out past FAR_ZOOM. A boolean selector: a pan or a zoom tick
 * that stays on one side of the threshold re-renders nothing; crossing it re-renders once.
 * Never while a picture is taken: a picture shows every step whole, whatever the zoom on screen.
 */
export function useFar(): boolean {
  const far = useFlowStore(isFar);
  const exporting = useStore((s) => s.exporting);
  return far && !exporting;
}
