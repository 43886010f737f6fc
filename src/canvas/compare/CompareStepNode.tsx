import { memo } from 'react';
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import type { ChangeMark } from '../../core/analyzer/compare-states';
import type { Step } from '../../core/model';
import { formatDuration } from '../../core/model/duration';
import { Icon } from '../icons';
import { KIND_STYLES, OWNED_KINDS } from '../nodes/kinds';
import { MARK_WORDS } from './changeText';

export interface CompareStepData extends Record<string, unknown> {
  step: Step;
  /** The changes to show on this side: removed only today, added only in the redesign, the rest on both. */
  marks: readonly ChangeMark[];
  /** "owner: TBD → Named legal counsel; wait: …", as the tooltip. */
  detail: string;
}

export type CompareStepFlowNode = Node<CompareStepData, 'compareStep'>;

/**
 * A step as the compare view draws it: read-only, the same shapes and colours as the canvas
 * (the .step classes), with a badge per change. The canvas's own node is not reused: it shows
 * the findings of the state on screen and offers editing, neither of which fits two states.
 */
function CompareStepView({ data, selected }: NodeProps<CompareStepFlowNode>) {
  const { step, marks, detail } = data;
  const owner = step.owner?.trim();
  const minutes = [
    step.workMinutes !== undefined ? `work ${formatDuration(step.workMinutes) || '0m'}` : '',
    step.waitMinutes !== undefined ? `wait ${formatDuration(step.waitMinutes) || '0m'}` : '',
    step.kind === 'verification' && step.sampleRate !== undefined && step.sampleRate !== 1 ? `checks ${Math.round(step.sampleRate * 100)}%` : '',
  ].filter(Boolean);
  const changed = new Set(marks);
  return (
    <div
      className={`step step-${step.kind}${selected ? ' is-selected' : ''}${marks.map((m) => ` change-${m}`).join('')}`}
      data-step-id={step.id}
      data-change={marks.join(' ')}
      title={detail || undefined}
    >
      {step.kind !== 'start' && <Handle type="target" position={Position.Left} isConnectable={false} />}
      <div className="step-head">
        <Icon name={step.kind} />
        <span className="step-kind">{KIND_STYLES[step.kind].label}</span>
      </div>
      <div className="step-label">{step.label}</div>
      {OWNED_KINDS.has(step.kind) && (
        <div className={`step-owner${owner ? '' : ' is-missing'}${changed.has('owner') ? ' is-changed' : ''}`}>
          <Icon name="owner" size={12} />
          <span>{owner || 'no owner'}</span>
        </div>
      )}
      {minutes.length > 0 && (
        <div className={`step-minutes${changed.has('duration') ? ' is-changed' : ''}`}>
          <Icon name="clock" size={12} />
          <span>{minutes.join(' · ')}</span>
        </div>
      )}
      {marks.length > 0 && (
        <div className="change-badges">
          {marks.map((mark) => (
            <span key={mark} className={`change-badge is-${mark}`}>
              {MARK_WORDS[mark]}
            </span>
          ))}
        </div>
      )}
      {step.kind !== 'end' && <Handle type="source" position={Position.Right} isConnectable={false} />}
    </div>
  );
}

export const CompareStepNode = memo(CompareStepView);
