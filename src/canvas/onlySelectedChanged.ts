import type { Node } from '@xyflow/react';

/**
 * Whether the steps differ only in steps selected before and after: what a drag frame or a
 * keystroke in the inspector changes. What is drawn from afar (FarSteps, FarJoins) draws the
 * selected steps and their joins apart from the rest, so on such a change the rest stays as it
 * was, and this check (one comparison a step) replaces going through every step and join.
 */
export function onlySelectedChanged(before: readonly Node[], after: readonly Node[]): boolean {
  if (before === after) return true;
  if (before.length !== after.length) return false;
  for (let i = 0; i < after.length; i++) {
    const [was, is] = [before[i], after[i]];
    if (was !== is && !(was.id === is.id && was.selected && is.selected)) return false;
  }
  return true;
}
