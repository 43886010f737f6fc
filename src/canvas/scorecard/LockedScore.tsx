import type { Surface, SurfaceScore } from '../../core/analyzer';
import { useStore } from '../../store';

/**
 * What a reviewer may do with a surface someone else scored: not change the score (only its author
 * or an editor can), but comment, and comments go on findings, steps and joins, not on a score. So
 * it names where, and with findings to comment on, takes them there: the findings panel, showing
 * this surface's, each with its comment box.
 */
export function LockedScore({ surface, score, by, onClose }: { surface: Surface; score: SurfaceScore; by: string; onClose(): void }) {
  const findings = score.openErrors + score.openWarnings + score.openInfos;
  const showFindings = () => {
    const { filterFindings, showTab } = useStore.getState();
    filterFindings({ surface, rule: '', severity: '', state: 'open' });
    showTab('findings');
    onClose();
  };
  if (!findings) {
    return (
      <p className="field-hint">
        Scored by <bdi>{by}</bdi>: only they or an editor can change it. To add to it, comment on a step or join it concerns: select it, and the inspector takes comments.
      </p>
    );
  }
  return (
    <p className="field-hint">
      Scored by <bdi>{by}</bdi>: only they or an editor can change it. To add to it, comment on its findings.{' '}
      <button type="button" className="link-button" onClick={showFindings}>
        Comment on its findings
      </button>
    </p>
  );
}
