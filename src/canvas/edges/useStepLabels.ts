import { useEffect, useMemo, useRef, useState } from 'react';
import type { Step } from '../../core/model';
import { stepsOnlyMoved } from '../findings/onlyMoved';

/**
 * A rename reaches the joins' labels once typing pauses this long, not on each keystroke: each
 * relabelled join is a new edge for React Flow, and React Flow takes its edges in whole (at 5,000
 * steps, the largest single cost of a keystroke).
 */
export const LABELS_SETTLE_MS = 500;

/**
 * The steps' labels by id, as the joins' ARIA labels name them ("Join from Draft reply to
 * Review"). Steps added or removed are named at once; a step renamed, once its rename settles;
 * a drag, which renames nothing, keeps the same map.
 */
export function useStepLabels(moving: readonly Step[]): ReadonlyMap<string, string> {
  // A drag frame's steps differ from the last ones taken by a position alone: those are taken
  // again, so the checks below (every step's id and label, 1 ms a frame at 5,000 steps) do not run.
  const taken = useRef(moving);
  if (taken.current !== moving && !stepsOnlyMoved(taken.current, moving)) taken.current = moving;
  const steps = taken.current;
  const shown = useRef(new Map<string, string>());
  const [settled, settle] = useState(0);
  const lastSettled = useRef(settled);
  const labels = useMemo(() => {
    const prior = shown.current;
    const due = lastSettled.current !== settled;
    lastSettled.current = settled;
    const sameIds = steps.length === prior.size && steps.every((s) => prior.has(s.id));
    if (sameIds && (!due || steps.every((s) => prior.get(s.id) === s.label))) return prior;
    const next = new Map(steps.map((s) => [s.id, s.label]));
    shown.current = next;
    return next;
  }, [steps, settled]);
  useEffect(() => {
    if (steps.every((s) => labels.get(s.id) === s.label)) return;
    const timer = setTimeout(() => settle((n) => n + 1), LABELS_SETTLE_MS);
    return () => clearTimeout(timer);
  }, [steps, labels]);
  return labels;
}
