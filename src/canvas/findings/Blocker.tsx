import type { Finding } from '../../core/analyzer';
import { useStore } from '../../store';
import { blockerTitle } from './blockerTitle';

/**
 * Whether the map has a line to judge: a start and an end step (else the analyzer's one finding on
 * the map itself says which is missing). Until then no stall is claimed and no blocker named:
 * every map being drawn lacks one or the other, and the summary says what to draw instead.
 */
function hasLine(findings: readonly Finding[]): boolean {
  return !findings.some((f) => f.rule === 'dangling-step' && Array.isArray(f.evidence.missing) && f.evidence.missing.some((m) => m === 'start' || m === 'end'));
}

/**
 * The triage in the summary line: the dominant surface and the blocker (the first 30-day gate)
 * in the same plain words as the triage sentence and the plan, or the triage's sentence when
 * nothing blocks. The whole sentence is the tooltip.
 */
export function Blocker() {
  const analysis = useStore((s) => s.analysis);
  // Worded with the analysis (shownState.ts): off the main thread for a large map.
  const words = useStore((s) => s.blocker);
  const gate = analysis?.gates[0];
  if (!analysis) return null;
  if (!hasLine(analysis.findings)) {
    return (
      <span className="summary-triage summary-hint">
        Draw a Start and an End step, then the steps between: the map is judged once the work runs from start to end.
      </span>
    );
  }
  const { triage } = analysis;
  return (
    <span className="summary-triage" title={blockerTitle(triage, gate)}>
      {triage.dominantSurface && (
        <>
          <span className={`surface-tag surface-${triage.dominantSurface}`}>{triage.dominantSurface}</span>{' '}
        </>
      )}
      {words ? (
        <span data-metric="blocker">
          <strong>Blocker:</strong> {words}
        </span>
      ) : (
        triage.sentence
      )}
    </span>
  );
}
