import type { StallMap } from '../core/model';

/**
 * Keeps the previous object for every step and join whose content did not change, so React
 * (and React Flow's memoised nodes) re-render only what changed when one field of one step moves.
 */
export function shareUnchanged(previous: StallMap | null, next: StallMap): StallMap {
  if (!previous) return next;
  const steps = reuse(previous.steps, next.steps);
  const joins = reuse(previous.joins, next.joins);
  return { ...next, steps, joins };
}

function reuse<T extends { id: string }>(before: T[], after: T[]): T[] {
  const old = new Map(before.map((item) => [item.id, item]));
  let changed = before.length !== after.length;
  const out = after.map((item, i) => {
    const prior = old.get(item.id);
    if (prior && (prior === item || JSON.stringify(prior) === JSON.stringify(item))) {
      if (before[i] !== prior) changed = true;
      return prior;
    }
    changed = true;
    return item;
  });
  return changed ? out : before;
}
