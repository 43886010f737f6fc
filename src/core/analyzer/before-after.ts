import { formatDuration } from '../model/duration';
import type { RedesignAnalysis, StateFigures } from './redesign';
import { amount, duration, shownAmount, shownMinutes } from './text';
import { distinctTypicalLeadTime } from './typical-lead-time';

/** One line of the before-and-after table, in the units people read on the summary line. */
export interface BeforeAfterRow {
  figure: keyof StateFigures;
  label: string;
  before: string;
  after: string;
  /**
   * "−13,218m"-style change in the same unit; "" when the figure did not change; undefined when one
   * state does not give it (no path from a start to an end): there is nothing to compare, which a
   * view must not show as "unchanged".
   */
  change?: string;
  /** Whether the redesign improves this figure (every figure here is better lower); undefined when unchanged. */
  better?: boolean;
}

type Unit = 'duration' | 'amount' | 'count';

/** What a row shows for a figure its state does not give (no path from a start to an end). */
export const NONE = '—';

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
 * without a volume) is left out, and so is the typical lead time where both states give their
 * lead time again; one that only one state gives reads "—" on the other side, but
 * for the typical lead time, where a state without choices gives its lead time.
 */
export function beforeAfterRows(redesign: Pick<RedesignAnalysis, 'now' | 'redesigned'>): BeforeAfterRow[] {
  const rows: BeforeAfterRow[] = [];
  for (const [figure, label, unit] of ROWS) {
    if (redesign.now[figure] === undefined && redesign.redesigned[figure] === undefined) continue;
    if (figure === 'typicalLeadTimeMinutes' && !typicalSaysMore(redesign)) continue;
    const a = figureOf(redesign.now, figure);
    const b = figureOf(redesign.redesigned, figure);
    const row: BeforeAfterRow = { figure, label, before: format(a, unit), after: format(b, unit) };
    if (a !== undefined && b !== undefined) {
      // The change between the figures as shown (283 → 88 is −195, not the −196 of 283.33 → 87.5).
      const difference = Math.round((shown(b, unit) - shown(a, unit)) * 100) / 100;
      row.change = difference === 0 ? '' : `${difference < 0 ? '−' : '+'}${changeText(Math.abs(difference), unit)}`;
      if (difference !== 0) row.better = difference < 0;
    }
    rows.push(row);
  }
  return rows;
}

/** Whether either state's typical lead time differs from its lead time: the same figure twice in a row says nothing (as on the summary line). */
function typicalSaysMore({ now, redesigned }: Pick<RedesignAnalysis, 'now' | 'redesigned'>): boolean {
  return [now, redesigned].some((figures) => figures.leadTimeMinutes !== undefined && distinctTypicalLeadTime({ leadTimeMinutes: figures.leadTimeMinutes, typicalLeadTimeMinutes: figures.typicalLeadTimeMinutes }) !== undefined);
}

/**
 * A figure of one state. A state whose work takes one way only has no typical lead time of its
 * own: the way it takes is the typical one, so its lead time stands in (as the plan has it).
 */
function figureOf(figures: StateFigures, figure: keyof StateFigures): number | undefined {
  return figure === 'typicalLeadTimeMinutes' ? (figures.typicalLeadTimeMinutes ?? figures.leadTimeMinutes) : figures[figure];
}

/** In the product's one wording of minutes and amounts (text.ts), as the summary line, the CLI and the plan show them. */
function format(value: number | undefined, unit: Unit): string {
  if (value === undefined) return NONE;
  if (unit === 'duration') return duration(value);
  if (unit === 'count') return value.toLocaleString('en');
  return amount(value);
}

/**
 * A change, already the difference of two shown figures: not rounded again, or 15m → 1.5m would
 * read −14m (13.5 rounded as a figure of ten minutes or more is).
 */
function changeText(difference: number, unit: Unit): string {
  if (unit === 'duration') return formatDuration(difference);
  return difference.toLocaleString('en');
}

/** A figure rounded as `format` shows it. */
function shown(value: number, unit: Unit): number {
  if (unit === 'duration') return shownMinutes(value);
  return unit === 'amount' ? shownAmount(value) : value;
}
