import type { StallMap, Step } from '../../core/model';

/**
 * True when `after` differs from `before` in its steps' positions alone. The analyzer never reads
 * a position, so such a change (a drag, an auto-layout) leaves the findings as they are and is
 * not analysed again. Relies on the store's sharing: whatever did not change is the same object.
 */
export function onlyMoved(before: StallMap, after: StallMap): boolean {
  if (before === after) return true;
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)]) as Set<keyof StallMap>) {
    if (key === 'steps' || key === 'redesign') continue;
    if (!Object.is(before[key], after[key])) return false;
  }
  if (!stepsOnlyMoved(before.steps, after.steps)) return false;
  const a = before.redesign;
  const b = after.redesign;
  if (a === b) return true;
  if (!a || !b || a.joins !== b.joins || a.notes !== b.notes) return false;
  return stepsOnlyMoved(a.steps, b.steps);
}

/** True when two versions of a map's steps differ in positions alone (the same steps, in the same order). */
export function stepsOnlyMoved(before: readonly Step[], after: readonly Step[]): boolean {
  if (before === after) return true;
  if (before.length !== after.length) return false;
  for (let i = 0; i < after.length; i++) {
    const a = before[i];
    const b = after[i];
    if (a !== b && (a.id !== b.id || !stepOnlyMoved(a, b))) return false;
  }
  return true;
}

/** True when two versions of a step differ in their position alone. */
export function stepOnlyMoved(a: Step, b: Step): boolean {
  const { position: _a, ...restA } = a;
  const { position: _b, ...restB } = b;
  return JSON.stringify(restA) === JSON.stringify(restB);
}
