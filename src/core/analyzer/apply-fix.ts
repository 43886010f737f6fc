import type { Join, Step } from '../model';
import { applyBypass, planBypass } from './bypass';
import type { Fix } from './types';

/**
 * The value a fix gives a field that holds `current`. Fix models only lower minutes and rates,
 * but a fix is made from today's numbers: where the state (a redesign the team already worked
 * on) holds a lower number, it keeps it, so applying a fix never raises a wait or a sample rate
 * the team cut further by hand. Other values (a join's hand-off) are the fix's.
 */
export function fixedValue(current: unknown, proposed: unknown): unknown {
  return typeof current === 'number' && typeof proposed === 'number' && current < proposed ? current : proposed;
}

/** `item` with the fix's fields set as fixedValue says (those the fix leaves undefined untouched). */
function fixed<T extends Step | Join>(item: T, fields: Record<string, unknown>): T {
  const out: Record<string, unknown> = { ...item };
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) out[key] = fixedValue(out[key], value);
  return out as T;
}

/**
 * A fix model applied to a state of the map (its redesign, usually): the fields the fix names,
 * changed on the steps and joins with those ids, then the steps it takes out of the way
 * (bypass.ts), and nothing else. Ids the state lacks (a step the redesign dropped) are left out,
 * so a fix from the current state's finding applies to whatever of its targets the redesign still has.
 */
export function applyFix<State extends { steps: readonly Step[]; joins: readonly Join[] }>(state: State, fix: Fix): State {
  const stepFields = new Map(fix.steps.map(({ id, ...fields }) => [id, fields]));
  const joinFields = new Map(fix.joins.map(({ id, ...fields }) => [id, fields]));
  const numbers = {
    ...state,
    steps: state.steps.map((step) => (stepFields.has(step.id) ? fixed(step, stepFields.get(step.id) ?? {}) : step)),
    joins: state.joins.map((join) => (joinFields.has(join.id) ? fixed(join, joinFields.get(join.id) ?? {}) : join)),
  };
  return fix.bypass?.length ? applyBypass(numbers, planBypass(numbers, fix.bypass)) : numbers;
}
