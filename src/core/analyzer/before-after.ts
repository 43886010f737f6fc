import { formatDuration } from '../model/duration';
import type { RedesignAnalysis, StateFigures } from './redesign';

/** One line of the before-and-after table, in the units people read on the summary line. */
export interface BeforeAfterRow {
  figure: keyof StateFigures;
  label: string;
  before: string;
  after: string;
  /** "−13,218m"-style change in the same unit, or "" when the figure did not change or is missing in one state. */
  change: string;
  /** Whether the redesign improves this figure (every figure here is better lower); undefined when unchanged. */
  better?: boolean;
}

type Unit = 'duration' | 'amount' | 'count';

const ROWS: readonly [keyof StateFigures, string, Unit][] = [
  ['leadTimeMinutes', 'Lead time', 'duration'],
  ['typicalLeadTimeMinutes', 'Typical lead time', 'duration'],
  ['staffMinutesPerItem', 'Staff minutes per item', 'amount'],
  ['staffHoursPerWeek', 'Staff hours a week', 'amount'],
  ['manualJoins', 'Manual joins', 'count'],
  ['meetings', 'Meetings', 'count'],
  ['approvalsOnAiPath', 'Approvals on the AI’s path', 'count'],
  ['checks', 'Checks', 'count'],
  ['checkMinutesPerItem', 'Checks’ cost per item', 'duration'],
  ['openErrors', 'Open errors', 'count'],
  ['openWarnings', 'Open warnings', 'count'],
];

/**
 * The table a board compares, today against the redesign, from the analyzer's comparison. A
 * figure that neither state gives (typical lead time on a map without choices, staff hours a week
 * without a volume) is left out; one that only one state gives reads "—" on the other side, but
 * for the typical lead time, where a state without choices gives its lead time.
 */
export function beforeAfterRows(redesign: Pick<RedesignAnalysis, 'now' | 'redesigned'>): BeforeAfterRow[] {
  const rows: BeforeAfterRow[] = [];
  for (const [figure, label, unit] of ROWS) {
    if (redesign.now[figure] === undefined && redesign.redesigned[figure] === undefined) continue;
    const a = figureOf(redesign.now, figure);
    const b = figureOf(redesign.redesigned, figure);
    const difference = a === undefined || b === undefined ? 0 : Math.round((b - a) * 100) / 100;
    rows.push({
      figure,
      label,
      before: format(a, unit),
      after: format(b, unit),
      change: difference === 0 ? '' : `${difference < 0 ? '−' : '+'}${format(Math.abs(difference), unit)}`,
      ...(difference === 0 ? {} : { better: difference < 0 }),
    });
  }
  return rows;
}

/**
 * A figure of one state. A state whose work takes one way only has no typical lead time of its
 * own: the way it takes is the typical one, so its lead time stands in (as the plan has it).
 */
function figureOf(figures: StateFigures, figure: keyof StateFigures): number | undefined {
  return figure === 'typicalLeadTimeMinutes' ? (figures.typicalLeadTimeMinutes ?? figures.leadTimeMinutes) : figures[figure];
}

function format(value: number | undefined, unit: Unit): string {
  if (value === undefined) return '—';
  if (unit === 'duration') return formatDuration(value) || '0m';
  if (unit === 'count') return value.toLocaleString('en');
  // Whole numbers from ten up, one decimal below, grouped by thousands: as the summary line shows them.
  return (value >= 10 ? Math.round(value) : Math.round(value * 10) / 10).toLocaleString('en');
}
