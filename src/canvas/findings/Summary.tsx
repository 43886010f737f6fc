import { formatDuration } from '../../core/model/duration';
import { useStore } from '../../store';

/** Whole percents, except that a share that exists never reads as 0% or 100%. */
export const percent = (share: number) => {
  if (share > 0 && share < 0.01) return '<1%';
  if (share < 1 && share > 0.99) return '>99%';
  return `${Math.round(share * 100)}%`;
};

/** Always visible, one line: where the time goes, what the AI removed, what is open, and the diagnosis. */
export function Summary() {
  const analysis = useStore((s) => s.analysis);
  const showCriticalPath = useStore((s) => s.showCriticalPath);
  const toggleCriticalPath = useStore((s) => s.toggleCriticalPath);
  if (!analysis) return null;
  const { metrics, triage } = analysis;
  const open = analysis.findings.filter((f) => !f.waived);
  const errors = open.filter((f) => f.severity === 'error').length;
  const warnings = open.filter((f) => f.severity === 'warning').length;
  return (
    <section className="summary" aria-label="Summary">
      <span title="The longest start-to-end path, work plus waits">
        Lead time <strong data-metric="lead-time">{formatDuration(metrics.leadTimeMinutes) || '0m'}</strong>
      </span>
      <span title="Share of the lead time spent waiting">
        waiting <strong data-metric="wait-share">{percent(metrics.waitShare)}</strong>
      </span>
      <span title="How much of the lead time before AI the AI removed">
        AI removed <strong data-metric="ai-saving-share">{percent(metrics.aiSavingShare)}</strong>
      </span>
      <span className={errors ? 'has-errors' : ''}>
        <strong data-metric="open-errors">{errors}</strong> error{errors === 1 ? '' : 's'}, <strong data-metric="open-warnings">{warnings}</strong> warning{warnings === 1 ? '' : 's'}
      </span>
      <span className="summary-triage" title={triage.sentence}>
        <span className={`surface-tag surface-${triage.dominantSurface}`}>{triage.dominantSurface}</span> {triage.sentence}
      </span>
      <label className="summary-toggle">
        <input type="checkbox" checked={showCriticalPath} onChange={toggleCriticalPath} /> critical path
      </label>
    </section>
  );
}
