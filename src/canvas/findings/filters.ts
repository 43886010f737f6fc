import type { Finding } from '../../core/analyzer';
import type { FindingsFilter } from '../../store/uiSlice';

/** The filters that let every open finding through: the set the review walk goes through. */
export const EVERY_OPEN: FindingsFilter = { rule: '', severity: '', surface: '', state: 'open' };

/** Whether the findings list, filtered so, lists `finding`. */
export function passes(filters: FindingsFilter, finding: Finding): boolean {
  return (
    (!filters.rule || finding.rule === filters.rule) &&
    (!filters.severity || finding.severity === filters.severity) &&
    (!filters.surface || finding.surface === filters.surface) &&
    (filters.state === 'all' || (filters.state === 'waived') === finding.waived)
  );
}
