import { useEffect, useRef, useState } from 'react';
import type { Step } from '../core/model';
import { Settling, type OwnSteps } from '../core/layout/settling';
import { ownAdds, placedByHand } from './drawingState';
import { useSession } from './SessionContext';

/** The settling waits until what stands on this page's new steps has stopped changing for this long. */
const QUIET_MS = 800;

const own: OwnSteps = { added: ownAdds, placedByHand };

/**
 * Steps added at the same moment by different people never stay stacked (core/layout/settling.ts
 * has the rule): each page moves only the steps it added, once others' changes have been quiet for
 * a moment: by then every page holds the same steps and computes the same answer.
 */
export function useSettleNewSteps(steps: readonly Step[], editable: boolean): void {
  const { commands } = useSession();
  const [settling] = useState(() => new Settling());
  const latest = useRef(steps);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  latest.current = steps;

  useEffect(() => {
    if (!settling.changed(steps, own, Date.now()) || !editable) return;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const moves = settling.moves(latest.current, own, Date.now());
      if (moves.size) commands.moveSteps(Object.fromEntries(moves));
    }, QUIET_MS);
  }, [settling, steps, editable, commands]);

  useEffect(() => () => clearTimeout(timer.current), []);
}
