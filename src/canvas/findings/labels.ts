import type { Join, StallMap } from '../../core/model';

/** A join as a finding names it: its label, else "From → To" by its steps' names (`stepName`). */
const joinName = (join: Join, stepName: (id: string) => string | undefined) => join.label ?? `${stepName(join.from) ?? join.from} → ${stepName(join.to) ?? join.to}`;

/**
 * How a finding names a step or join on screen: its label, a join without one as "From → To"; the
 * map itself (a finding on the whole map, such as an empty map's) by its title, not its random
 * id; an unknown id as itself.
 */
export function labelsOf(map: Pick<StallMap, 'steps' | 'joins'> & Partial<Pick<StallMap, 'id' | 'title'>>): (id: string) => string {
  const labels = new Map<string, string>();
  if (map.id !== undefined && map.title !== undefined) labels.set(map.id, map.title);
  for (const s of map.steps) labels.set(s.id, s.label);
  for (const j of map.joins) labels.set(j.id, joinName(j, (id) => labels.get(id)));
  return (id: string) => labels.get(id) ?? id;
}

/** One name as labelsOf gives it, found without indexing the whole map: for a tooltip that names a few, on every analysis. */
export function labelIn(map: Pick<StallMap, 'steps' | 'joins'>, id: string): string {
  const stepLabel = (stepId: string) => map.steps.find((s) => s.id === stepId)?.label;
  const join = map.joins.find((j) => j.id === id);
  return join ? joinName(join, stepLabel) : (stepLabel(id) ?? id);
}
