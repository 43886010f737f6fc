import { useMemo } from 'react';
import { describeSettingChange, ruleName } from '../../core/analyzer';
import { indexMap, targetLabel } from '../../core/plan/targets';
import { useStore } from '../../store';
import { useMapContent } from '../useMapContent';

/**
 * What a reviewer must see before trusting the findings: every waiver (who, when, why), the
 * waivers refused (accountability cannot be waived away) and those that match nothing, and every
 * rule setting that differs from the defaults. The plan discloses the same, rules named as it names them.
 */
export function Disclosures() {
  const analysis = useStore((s) => s.analysis);
  const map = useMapContent();
  const index = useMemo(() => map && indexMap(map), [map]);
  if (!analysis || !index) return null;
  // Named as the plan names them: a join without a label by the steps it joins, never by its id.
  const label = (id: string) => targetLabel(index, id);
  const waived = analysis.findings.filter((f) => f.waived);
  const { refused, stale } = analysis.waivers;
  const count = waived.length + refused.length + stale.length + analysis.settings.length;
  return (
    <details className="disclosures">
      <summary>
        Disclosures <span className="count">{count}</span>
      </summary>
      {/* Names, labels and reasons are typed, in any script: each in a <bdi>, so that a right-to-left
          one does not carry the date or the words beside it into its own order. */}
      {/* One box over the page for every list: each list a box of its own stacked them in the review bar, which grew and pushed the canvas down. */}
      <div className="disclosures-body">
        {count === 0 && <p className="field-hint">No waiver, and every rule runs with its default settings.</p>}
        {waived.length > 0 && (
          <ul aria-label="Waived findings">
            {waived.map((f) => (
              <li key={`${f.rule}:${f.targets[0]}`}>
                <strong>{ruleName(f.rule)}</strong> on “<bdi>{label(f.targets[0])}</bdi>”: waived by <bdi>{f.waiver?.by}</bdi> on {f.waiver?.at}: <bdi>{f.waiver?.reason}</bdi>
              </li>
            ))}
          </ul>
        )}
        {refused.length > 0 && (
          <ul aria-label="Refused waivers">
            {refused.map((w) => (
              <li key={`${w.rule}:${w.target}:${w.by}`} data-refused-waiver>
                Refused: <bdi>{w.by}</bdi>'s waiver of <strong>{ruleName(w.rule)}</strong> on “<bdi>{label(w.target)}</bdi>”. {w.why}
              </li>
            ))}
          </ul>
        )}
        {stale.length > 0 && (
          <ul aria-label="Stale waivers">
            {stale.map((w) => (
              <li key={`${w.rule}:${w.target}:${w.by}`}>
                Stale: <bdi>{w.by}</bdi>'s waiver of <strong>{ruleName(w.rule)}</strong> on “<bdi>{label(w.target)}</bdi>” matches no finding.
              </li>
            ))}
          </ul>
        )}
        {analysis.settings.length > 0 && (
          <ul aria-label="Rule settings">
            {analysis.settings.map((s) => (
              <li key={`${s.source}:${s.rule}`}>
                <strong>{ruleName(s.rule)}</strong>: {describeSettingChange(s)}
              </li>
            ))}
          </ul>
        )}
      </div>
    </details>
  );
}
