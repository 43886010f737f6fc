import { useShallow } from 'zustand/react/shallow';
import { distinctTypicalLeadTime, hasPath, type Metrics, type MissingNumber } from '../../core/analyzer';
import { amount, duration } from '../../core/analyzer/text';
import { useStore } from '../../store';
import { LeadTimes } from '../redesign/LeadTimes';
import { Blocker } from './Blocker';
import { labelIn } from './labels';

/** Whole percents, except that a share that exists never reads as 0% or 100%. */
export const percent = (share: number) => {
  if (share > 0 && share < 0.01) return '<1%';
  if (share < 1 && share > 0.99) return '>99%';
  return `${Math.round(share * 100)}%`;
};

/** A tooltip names this many missing numbers, then counts the rest. */
const MOST_NAMED = 8;

const FIELD_WORDS: Record<MissingNumber['field'], string> = { workMinutes: 'work minutes', manualMinutes: 'minutes by hand', share: 'share' };

/** Always visible, one line: the lead time, the staff time, what is open, and the blocker. */
export function Summary() {
  const { analysis, showCriticalPath, toggleCriticalPath } = useStore(
    useShallow((s) => ({ analysis: s.analysis, showCriticalPath: s.showCriticalPath, toggleCriticalPath: s.toggleCriticalPath })),
  );
  // Its line is there from the start, so the canvas below does not move down when the figures come.
  if (!analysis)
    return (
      <section className="summary" aria-label="Summary" aria-busy="true">
        <span className="summary-pending">Reading the map…</span>
      </section>
    );
  const { metrics } = analysis;
  const open = analysis.findings.filter((f) => !f.waived);
  const errors = open.filter((f) => f.severity === 'error').length;
  const warnings = open.filter((f) => f.severity === 'warning').length;
  // With no path from a start to an end no item gets through: the figures of the path are none, never 0.
  const withPath = hasPath(metrics);
  const typical = distinctTypicalLeadTime(metrics);
  return (
    <section className="summary" aria-label="Summary">
      <span title="The longest start-to-end path, work plus waits">
        Lead time <LeadTimes minutes={withPath ? metrics.leadTimeMinutes : undefined} />
        <MissingMark missing={metrics.missing} affecting="leadTime" />
      </span>
      {typical !== undefined && (
        <span title="The lead time of the way most items go: at each choice, the way with the largest share">
          typical <strong data-metric="typical-lead-time">{duration(typical)}</strong>
        </span>
      )}
      <span title="Share of the lead time spent waiting">
        waiting <strong data-metric="wait-share">{withPath ? percent(metrics.waitShare) : 'none'}</strong>
      </span>
      <span title="How much of the lead time before AI the AI removed">
        AI removed <strong data-metric="ai-saving-share">{withPath ? percent(metrics.aiSavingShare) : 'none'}</strong>
      </span>
      <StaffLoad metrics={metrics} withPath={withPath} />
      <span className={errors ? 'has-errors' : ''}>
        <strong data-metric="open-errors">{errors}</strong> error{errors === 1 ? '' : 's'}, <strong data-metric="open-warnings">{warnings}</strong> warning{warnings === 1 ? '' : 's'}
      </span>
      <label className="summary-toggle">
        <input type="checkbox" checked={showCriticalPath} onChange={toggleCriticalPath} /> critical path
      </label>
      <Blocker />
    </section>
  );
}

/** Staff hours a week (and their cost) once the map gives its volume; nothing to show without one, none without a path. */
function StaffLoad({ metrics, withPath }: { metrics: Metrics; withPath: boolean }) {
  if (metrics.staffHoursPerWeek === undefined) return null;
  if (!withPath) {
    return (
      <span title="No item gets through: no path runs from a start to an end">
        <strong data-metric="staff-hours-per-week">none</strong> staff h/week
      </span>
    );
  }
  const perItem = `${amount(metrics.staffMinutesPerItem)} staff min per item`;
  return (
    <span title={`People's hands-on work: ${perItem}, times the items a week`}>
      <strong data-metric="staff-hours-per-week">{amount(metrics.staffHoursPerWeek)}</strong> staff h/week
      {metrics.staffCostPerWeek !== undefined && (
        <>
          {' '}
          · cost <strong data-metric="staff-cost-per-week">{amount(metrics.staffCostPerWeek)}</strong>/week
        </>
      )}
      <MissingMark missing={metrics.missing} affecting="staff" />
    </span>
  );
}

/** Says a number rests on values the map does not give (counted as 0), so a 0 is never read as a fact. */
function MissingMark({ missing, affecting }: { missing: MissingNumber[]; affecting: MissingNumber['affects'][number] }) {
  const relevant = missing.filter((m) => m.affects.includes(affecting));
  if (!relevant.length) return null;
  // Read, not subscribed: the list changes with the analysis, and a drag must not re-render the summary.
  const map = useStore.getState().map;
  // Only the few named are looked up: indexing every step's label would cost each analysis of a large map.
  const name = (id: string) => (map ? labelIn(map, id) : id);
  const named = relevant.slice(0, MOST_NAMED).map((m) => `${FIELD_WORDS[m.field]} of '${name(m.id)}'`);
  const list = `${named.join(', ')}${relevant.length > MOST_NAMED ? ` and ${relevant.length - MOST_NAMED} more` : ''}`;
  return (
    <span className="summary-missing" data-missing={affecting} title={`Counted as 0 because the map does not give them: ${list}`}>
      {' '}
      (numbers missing)
    </span>
  );
}
