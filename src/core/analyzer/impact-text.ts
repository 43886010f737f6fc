import { duration } from './text';
import type { Impact } from './types';

const one = (value: number) => (Math.round(value * 10) / 10).toLocaleString('en');

/**
 * What a fix buys, in the words the product uses everywhere (the findings panel, the CLI, the
 * plan): "−2d 6h lead time", "−35 staff min per item", "−58 staff h/week". Nothing for a metric
 * it does not move; an empty list when it moves none.
 */
export function impactParts(impact: Impact): string[] {
  const parts: string[] = [];
  if (impact.leadTimeMinutes > 0) parts.push(`−${duration(impact.leadTimeMinutes)} lead time`);
  if ((impact.typicalLeadTimeMinutes ?? 0) > 0 && impact.typicalLeadTimeMinutes !== impact.leadTimeMinutes) {
    parts.push(`−${duration(impact.typicalLeadTimeMinutes ?? 0)} typical lead time`);
  }
  if (impact.staffMinutesPerItem > 0) parts.push(`−${one(impact.staffMinutesPerItem)} staff min per item`);
  if ((impact.staffHoursPerWeek ?? 0) > 0) parts.push(`−${one(impact.staffHoursPerWeek ?? 0)} staff h/week`);
  return parts;
}

/** The parts joined for one line; "no time impact" when the fix moves no number. */
export function describeImpact(impact: Impact): string {
  return impactParts(impact).join(' · ') || 'no time impact';
}
