import type { Metrics } from './types';

/**
 * The typical lead time worth showing beside the lead time: undefined when the map has no
 * choices (no typical way), and when most items go the longest way, where the same figure twice
 * would only make a reader look for a difference. The metric itself stays in the analysis.
 */
export function distinctTypicalLeadTime(metrics: Pick<Metrics, 'leadTimeMinutes' | 'typicalLeadTimeMinutes'>): number | undefined {
  const typical = metrics.typicalLeadTimeMinutes;
  return typical === undefined || Math.abs(typical - metrics.leadTimeMinutes) < 0.005 ? undefined : typical;
}
