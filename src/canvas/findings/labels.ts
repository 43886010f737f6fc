import type { StallMap } from '../../core/model';

/** How a finding names a step or join on screen: its label, a join without one as "From → To"; an unknown id as itself. */
export function labelsOf(map: Pick<StallMap, 'steps' | 'joins'>): (id: string) => string {
  const labels = new Map<string, string>();
  for (const s of map.steps) labels.set(s.id, s.label);
  for (const j of map.joins) labels.set(j.id, j.label ?? `${labels.get(j.from) ?? j.from} → ${labels.get(j.to) ?? j.to}`);
  return (id: string) => labels.get(id) ?? id;
}

/** One name as labelsOf gives it, found without indexing the whole map: for a tooltip that names a few, on every analysis. */
export function labelIn(map: Pick<StallMap, 'steps' | 'joins'>, id: string): string {
  const stepLabel = (stepId: string) => map.steps.find((s) => s.id === stepId)?.label;
  const join = map.joins.find((j) => j.id === id);
  if (join) return join.label ?? `${stepLabel(join.from) ?? join.from} → ${stepLabel(join.to) ?? join.to}`;
  return stepLabel(id) ?? id;
}
