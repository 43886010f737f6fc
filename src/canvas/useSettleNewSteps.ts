import { useEffect, useRef } from 'react';
import type { Step } from '../core/model';
import { resolveOverlaps, type Point } from '../core/layout/placement';
import { ownAdds, placedByHand } from './drawingState';
import { useSession } from './SessionContext';

/**
 * How long a step counts as just added. Two people's steps can only land on one spot if neither
 * page had seen the other's step when placing its own, so only steps added within the time a
 * change takes to travel can stack; the window is far longer than that, so that the settling
 * finishes even on a slow laptop or after a short reconnect.
 */
const FRESH_MS = 60_000;

/** The settling waits until others' new steps have stopped arriving and moving for this long. */
const QUIET_MS = 800;

/**
 * Steps added at the same moment by different people never stay stacked. Each page placed its own
 * step on the free space it knew of; when others' steps arrive, every page runs the same rule
 * (core/layout/placement.ts, resolveOverlaps) on the same steps, and moves only the steps it added
 * itself, so no step is moved by two people.
 *
 * The rule runs once the others' new steps have stopped arriving and moving for a moment: by then
 * every page holds the same steps, so every page computes the same answer, and each moves its own
 * step once, to a spot the rule gives no other step. Moving steps to where the rule puts them does
 * not change where it puts the others, so a page that runs it a little later agrees too. "New" is
 * judged by each page as "first seen in the last minute", which agrees between pages for steps
 * added at the same moment, the only ones that can overlap this way.
 */
export function useSettleNewSteps(steps: readonly Step[], editable: boolean): void {
  const { commands } = useSession();
  const firstSeen = useRef<Map<string, number> | null>(null);
  const latest = useRef(steps);
  const lastArrivals = useRef('');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  latest.current = steps;

  useEffect(() => {
    const now = Date.now();
    // The map as it opened is not new: only steps that arrive while the page is open are.
    if (!firstSeen.current) {
      firstSeen.current = new Map(steps.map((s) => [s.id, 0]));
      return;
    }
    const seen = firstSeen.current;
    for (const step of steps) if (!seen.has(step.id)) seen.set(step.id, now);
    const state = freshness(seen, now);
    if (!editable || state.mine.size === 0) return;
    // Only what others did can stack steps: a step arriving, or another page settling its own.
    // This page's own moves (a drag of its new step onto another, on purpose) are left alone.
    const arrivals = steps
      .filter((s) => state.fresh(s.id) && !state.mine.has(s.id))
      .map((s) => `${s.id}@${s.position?.x},${s.position?.y}`)
      .join(' ');
    if (arrivals === lastArrivals.current) return;
    lastArrivals.current = arrivals;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const at = Date.now();
      const { mine, fresh } = freshness(seen, at);
      const current = latest.current;
      const position = (s: Step): Point => s.position ?? { x: 0, y: 0 };
      const plan = resolveOverlaps(
        current.map((s) => ({ id: s.id, position: position(s) })),
        new Set(current.filter((s) => fresh(s.id)).map((s) => s.id)),
      );
      const moves = Object.fromEntries([...mine].filter((id) => plan.has(id) && !placedByHand.has(id)).map((id) => [id, plan.get(id) as Point]));
      if (Object.keys(moves).length) commands.moveSteps(moves);
    }, QUIET_MS);
  }, [steps, editable, commands]);

  useEffect(() => () => clearTimeout(timer.current), []);
}

/**
 * This page's own new steps, and whether a step is new: this page's own, or first seen in the last
 * minute and after this page first added one. A step the page saw before its person first added
 * one was there to be avoided, and was: it is not new, however late the map loaded (a page that
 * opens before the server's map arrives sees every step arrive).
 */
function freshness(seen: ReadonlyMap<string, number>, now: number) {
  const onThisMap = [...ownAdds].filter(([id]) => seen.has(id));
  const mine = new Set(onThisMap.filter(([, at]) => now - at < FRESH_MS).map(([id]) => id));
  const firstAdd = Math.min(...onThisMap.map(([, at]) => at));
  return { mine, fresh: (id: string) => mine.has(id) || (now - (seen.get(id) ?? 0) < FRESH_MS && (seen.get(id) ?? 0) >= firstAdd) };
}
