import { useCallback, useRef } from 'react';
import type { StallMap } from '../core/model';
import { useStore } from '../store';
import { useDrawing } from './drawingState';
import { useSession } from './SessionContext';

/**
 * Joins two steps, however the join was drawn (a drag, a drop on a step, the keyboard), and says
 * why when it is not made: a join that already exists is selected and named, never refused in
 * silence. Returns the join's id when one was made.
 */
export function useConnectSteps(map: StallMap) {
  const { commands } = useSession();
  // The map is read when a join is made, not when the function is made: one function for the
  // page, so the canvas does not hand React Flow new handlers (a store update every step on
  // screen checks) on each change of the map.
  const current = useRef(map);
  current.current = map;
  return useCallback(
    (from: string, to: string): string | undefined => {
      const { say } = useDrawing.getState();
      const { select } = useStore.getState();
      const map = current.current;
      const source = map.steps.find((s) => s.id === from);
      const target = map.steps.find((s) => s.id === to);
      if (!source || !target) return undefined;
      if (from === to) {
        say('A step cannot be joined to itself: draw the loop through the step that sends the work back.');
        return undefined;
      }
      if (source.kind === 'end') {
        say(`“${source.label}” is an end: no join leaves it.`);
        return undefined;
      }
      if (target.kind === 'start') {
        say(`“${target.label}” is a start: no join leads into it.`);
        return undefined;
      }
      const existing = map.joins.find((j) => j.from === from && j.to === to);
      if (existing) {
        select([existing.id]);
        say(`“${source.label}” is already joined to “${target.label}”: that join is now selected.`);
        return undefined;
      }
      const id = commands.connect(from, to);
      if (id) select([id]);
      return id;
    },
    [commands],
  );
}
