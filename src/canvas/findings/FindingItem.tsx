import { describeImpact, type Finding, type Gate, ruleMeta } from '../../core/analyzer';
import { FindingActions } from '../review/FindingActions';
import { GateMark } from './GateMark';

interface FindingItemProps {
  finding: Finding;
  /** The 30-day gate this finding is, with its number, if it is one. */
  gate?: { gate: Gate; number: number };
  labelOf(id: string): string;
  onOpen(): void;
}

/** One finding: its message and elements (click to go there), what fixing it buys, the gate it is, and the review actions. */
export function FindingItem({ finding, gate, labelOf, onOpen }: FindingItemProps) {
  const meta = ruleMeta(finding.rule);
  const numbers = Object.entries(finding.evidence).filter(([, v]) => typeof v === 'number' || typeof v === 'string');
  return (
    <li className={`finding is-${finding.severity}${finding.waived ? ' is-waived' : ''}${gate ? ' is-gate' : ''}`} data-rule={finding.rule} data-target={finding.targets[0]}>
      {gate && <GateMark gate={gate.gate} number={gate.number} />}
      <button type="button" className="finding-open" onClick={onOpen}>
        <span className="finding-message">{finding.message}</span>
        <span className="finding-targets">{finding.targets.map(labelOf).join(' · ')}</span>
        {/* An info finding judges nothing (it names missing numbers), so it claims no impact either way. */}
        {finding.severity !== 'info' && <span className="finding-impact">{describeImpact(finding.impact)}</span>}
      </button>
      {finding.waived && finding.waiver && (
        <p className="finding-waiver">
          Waived by {finding.waiver.by} ({finding.waiver.at}): {finding.waiver.reason}
        </p>
      )}
      <FindingActions finding={finding} />
      <details>
        <summary>
          {finding.rule}: why it matters, how to fix
        </summary>
        {meta && <p>{meta.why}</p>}
        {meta && <p className="finding-fix">{meta.fix}</p>}
        {meta && <p className="finding-fix-model">What the impact assumes: {meta.fixModel}</p>}
        {numbers.length > 0 && (
          <dl className="finding-evidence">
            {numbers.map(([key, value]) => (
              <div key={key}>
                <dt>{key}</dt>
                <dd>{String(value)}</dd>
              </div>
            ))}
          </dl>
        )}
      </details>
    </li>
  );
}
