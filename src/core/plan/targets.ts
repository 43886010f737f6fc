import { type AnalyzerConfig, type Finding, type RuleId, resolveSettings } from '../analyzer';
import type { Join, StallMap, Step } from '../model';

/** What a finding's ids name, read once per export: labels, kinds and owners as people typed them (unescaped). */
export interface MapIndex {
  map: StallMap;
  steps: ReadonlyMap<string, Step>;
  joins: ReadonlyMap<string, Join>;
}

export function indexMap(map: StallMap): MapIndex {
  return { map, steps: new Map(map.steps.map((s) => [s.id, s])), joins: new Map(map.joins.map((j) => [j.id, j])) };
}

/** A step's label; a join's label, else "From → To"; the map's title for the map's own id. */
export function targetLabel(index: MapIndex, id: string): string {
  const step = index.steps.get(id);
  if (step) return step.label;
  const join = index.joins.get(id);
  if (!join) return id === index.map.id ? index.map.title : id;
  if (join.label) return join.label;
  return `${index.steps.get(join.from)?.label ?? join.from} → ${index.steps.get(join.to)?.label ?? join.to}`;
}

/** The work steps a finding puts on someone's desk: its step targets and the ends of its join targets, minus start and end. */
export function stepsInvolved(index: MapIndex, finding: Pick<Finding, 'targets'>): Step[] {
  const ids = finding.targets.flatMap((id) => {
    const join = index.joins.get(id);
    return join ? [join.from, join.to] : [id];
  });
  const steps = [...new Set(ids)].flatMap((id) => index.steps.get(id) ?? []);
  return steps.filter((s) => s.kind !== 'start' && s.kind !== 'end');
}

/** Rule options as the analyzer ran them: defaults, then the map's settings, then a config file. */
export function ruleOptions(map: StallMap, config?: AnalyzerConfig): Record<RuleId, Record<string, unknown>> {
  const { settings } = resolveSettings([
    { source: 'map', config: map.settings },
    { source: 'config', config },
  ]);
  return Object.fromEntries(Object.entries(settings).map(([id, s]) => [id, s.options])) as Record<RuleId, Record<string, unknown>>;
}

/** A number option, or its default when a hand-built config gave something else. */
export function numberOption(options: Record<string, unknown> | undefined, name: string, fallback: number): number {
  const value = options?.[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** The owner who answers for a step, or undefined when the owner is missing or a placeholder that names nobody. */
export function namedOwner(step: Step, options: Record<string, unknown> | undefined): string | undefined {
  const owner = step.owner?.trim() ?? '';
  const listed = options?.placeholders;
  const placeholders = Array.isArray(listed) ? listed.filter((p): p is string => typeof p === 'string') : [];
  const nobody = new Set(placeholders.map((p) => p.trim().toLowerCase()));
  return owner === '' || nobody.has(owner.toLowerCase()) ? undefined : owner;
}
