import { describeErrors, type Join, parseMap, type StallMap, type Step } from '../../../src/core/model';

export type StepSpec = Partial<Step> & Pick<Step, 'id' | 'kind'>;
/** [from, to] or [from, to, fields]; the join's id is `from-to` unless fields name one. */
export type JoinSpec = [string, string, Partial<Join>?];

/** A small map in code, labelled by id, validated by the real schema (so defaults such as handoff apply). */
export function buildMap(steps: StepSpec[], joins: JoinSpec[] = [], extra: Record<string, unknown> = {}): StallMap {
  const parsed = parseMap({
    format: 'stallmap/map',
    version: 1,
    id: 'm',
    title: 'Test map',
    steps: steps.map((s) => ({ label: s.id, ...s })),
    joins: joins.map(([from, to, fields]) => ({ id: `${from}-${to}`, from, to, ...fields })),
    ...extra,
  });
  if (!parsed.ok) throw new Error(`test map is not valid:\n${describeErrors(parsed.errors)}`);
  return parsed.map;
}

/** start → each of `middle` in turn → end, joined by system joins. */
export function line(middle: StepSpec[], extra: Record<string, unknown> = {}): StallMap {
  const steps: StepSpec[] = [{ id: 'in', kind: 'start' }, ...middle, { id: 'out', kind: 'end' }];
  const joins = steps.slice(1).map((s, i): JoinSpec => [steps[i].id, s.id, { handoff: 'system' }]);
  return buildMap(steps, joins, extra);
}
