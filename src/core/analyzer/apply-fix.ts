import type { Join, Step } from '../model';
import type { Fix } from './types';

/**
 * A fix model applied to a state of the map (its redesign, usually): the fields the fix names,
 * changed on the steps and joins with those ids, and nothing else. Ids the state lacks (a step
 * the redesign dropped) are left out, so a fix from the current state's finding applies to
 * whatever of its targets the redesign still has.
 */
export function applyFix<State extends { steps: readonly Step[]; joins: readonly Join[] }>(state: State, fix: Fix): State {
  const stepFields = new Map(fix.steps.map(({ id, ...fields }) => [id, fields]));
  const joinFields = new Map(fix.joins.map(({ id, ...fields }) => [id, fields]));
  return {
    ...state,
    steps: state.steps.map((step) => (stepFields.has(step.id) ? { ...step, ...stepFields.get(step.id) } : step)),
    joins: state.joins.map((join) => (joinFields.has(join.id) ? { ...join, ...joinFields.get(join.id) } : join)),
  };
}
