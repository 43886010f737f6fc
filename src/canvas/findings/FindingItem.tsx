import { useEffect, useRef } from 'react';
import { describeEvidence, describeImpact, type Finding, type Gate, ruleMeta } from '../../core/analyzer';
import { FindingActions } from '../review/FindingActions';
import { ApplyFix } from '../redesign/ApplyFix';
import { GateMark } from './GateMark';
import { showInList } from './showInList';

/** A finding's React key: its rule and targets, which no two findings share. */
export const findingKey = (finding: Finding) => `${finding.rule}:${finding.targets.join(',')}`;

interface FindingItemProps {
  finding: Finding;
  /** The 30-day gate this finding is, with its number, if it is one. */
  gate?: { gate: Gate; number: number };
  labelOf(id: string): string;
  /** The finding the review walk went to: marked, scrolled to, its comments open. */
  walked?: boolean;
  /** Selects the finding's element and brings it into view; the panel stays. */
  onOpen(): void;
  /** Opens the inspector on the field at fault (not offered where there is no inspector to open). */
  onFix?(): void;
}

/**
 * One finding, written for the leader in the room: the rule in words (its id in small print), the
 * message, the elements it does not already name, what fixing it buys (one click goes there), the
 * gate it is, the review actions, and why it matters with the evidence as sentences.
 */
export function FindingItem({ finding, gate, labelOf, walked = false, onOpen, onFix }: FindingItemProps) {
  const meta = ruleMeta(finding.rule);
  const ref = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (walked && ref.current) showInList(ref.current);
  }, [walked]);
  const evidence = describeEvidence(finding, (id) => `'${labelOf(id)}'`);
  const unnamed = finding.targets.map(labelOf).filter((label) => !namedIn(finding.message, label));
  return (
    <li
      ref={ref}
      className={`finding is-${finding.severity}${finding.waived ? ' is-waived' : ''}${gate ? ' is-gate' : ''}${walked ? ' is-walked' : ''}`}
      data-rule={finding.rule}
      data-target={finding.targets[0]}
      aria-current={walked ? 'step' : undefined}
    >
      {gate && <GateMark gate={gate.gate} number={gate.number} />}
      <button type="button" className="finding-open" onClick={onOpen}>
        <span className="finding-rule">
          <span className="finding-rule-name">{meta?.name ?? finding.rule}</span> <small className="finding-rule-id">{finding.rule}</small>
        </span>
        <span className="finding-message">{finding.message}</span>
        {unnamed.length > 0 && <span className="finding-targets">{unnamed.join(' · ')}</span>}
        {/* An info finding judges nothing (it names missing numbers), so it claims no impact either way. */}
        {finding.severity !== 'info' && <span className="finding-impact">{describeImpact(finding.impact)}</span>}
      </button>
      {finding.waived && finding.waiver && (
        <p className="finding-waiver">
          {/* Isolated: a right-to-left name took the date in brackets after it into its own order. */}
          Waived by <bdi>{finding.waiver.by}</bdi> ({finding.waiver.at}): <bdi>{finding.waiver.reason}</bdi>
        </p>
      )}
      <ApplyFix finding={finding} />
      <FindingActions finding={finding} walked={walked} />
      {onFix && (
        <button type="button" className="link-button finding-fix-field" onClick={onFix}>
          Open in the inspector
        </button>
      )}
      <details>
        <summary>Why it matters, how to fix</summary>
        {meta && <p>{meta.why}</p>}
        {meta && <p className="finding-fix">{meta.fix}</p>}
        {meta && <p className="finding-fix-model">What the impact assumes: {meta.fixModel}</p>}
        {evidence.length > 0 && (
          <ul className="finding-evidence" aria-label="Evidence">
            {evidence.map((sentence) => (
              <li key={sentence}>{sentence}</li>
            ))}
          </ul>
        )}
      </details>
    </li>
  );
}

/** Whether the message already names an element: its label in quotes, or, for a join shown as "From → To", both ends. */
function namedIn(message: string, label: string): boolean {
  if (message.includes(`'${label}'`)) return true;
  const ends = label.split(' → ');
  return ends.length === 2 && ends.every((end) => message.includes(`'${end}'`));
}
