import { useMemo } from 'react';
import { useStoreApi, type ReactFlowState } from '@xyflow/react';
import { useStore } from '../store';

type SelectionRect = NonNullable<ReactFlowState['userSelectionRect']>;

/**
 * Shift and a drag across the canvas select the steps inside the box drawn, boxes drawn from afar
 * (FarSteps) too: React Flow selects only the steps it draws, and holds the far ones hidden. As
 * with React Flow's own, a step is taken when it lies wholly inside the box. React Flow clears its
 * box before it says the selection ended, so the box is followed while it is drawn.
 */
export function useFarSelectionBox() {
  const flow = useStoreApi();
  return useMemo(() => {
    let last: SelectionRect | null = null;
    let stop: (() => void) | undefined;
    return {
      onSelectionStart() {
        stop?.();
        last = null;
        stop = flow.subscribe((state) => {
          if (state.userSelectionRect) last = state.userSelectionRect;
        });
      },
      onSelectionEnd() {
        stop?.();
        stop = undefined;
        const box = last;
        last = null;
        if (!box?.width || !box.height) return;
        const { transform, nodeLookup } = flow.getState();
        const [x, y, zoom] = transform;
        const left = (box.x - x) / zoom;
        const top = (box.y - y) / zoom;
        const right = left + box.width / zoom;
        const bottom = top + box.height / zoom;
        const inside: string[] = [];
        for (const node of nodeLookup.values()) {
          if (!node.hidden) continue;
          const { x: nodeX, y: nodeY } = node.internals.positionAbsolute;
          const width = node.measured.width ?? 0;
          const height = node.measured.height ?? 0;
          if (nodeX >= left && nodeY >= top && nodeX + width <= right && nodeY + height <= bottom) inside.push(node.id);
        }
        if (!inside.length) return;
        const { selection, select } = useStore.getState();
        select([...new Set([...selection, ...inside])]);
      },
    };
  }, [flow]);
}
