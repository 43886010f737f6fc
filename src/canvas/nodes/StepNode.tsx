import { memo } from 'react';
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import type { Step } from '../../core/model';
import { useStore } from '../../store';
import { useDrawing } from '../drawingState';
import { Icon } from '../icons';
import { AddNextBar } from './AddNextBar';
import { KIND_STYLES, OWNED_KINDS } from './kinds';
import { LabelEditor } from './LabelEditor';
import { minutesParts } from '../../core/picture/minutes-line';

export interface StepNodeData extends Record<string, unknown> {
  step: Step;
  /** Colours of other people who have this step selected. */
  selectedBy: string[];
}

export type StepFlowNode = Node<StepNodeData, 'step'>;

/**
 * A step drawn whole: its kind, label, owner and minutes, its handles, and "add next" when it is
 * selected. Zoomed out, only the steps someone is working on are drawn so; the rest are boxes
 * drawn together (FarSteps).
 */
function StepNodeView({ data, selected, isConnectable }: NodeProps<StepFlowNode>) {
  const { step, selectedBy } = data;
  const style = KIND_STYLES[step.kind];
  const owned = OWNED_KINDS.has(step.kind);
  const owner = step.owner?.trim();
  const minutes = minutesParts(step);
  const mark = useStore((s) => s.marks.get(step.id));
  const outline = selectedBy.length ? { boxShadow: selectedBy.map((c, i) => `0 0 0 ${3 + i * 3}px ${c}`).join(', ') } : undefined;
  // Only a page that may change the map renames on the canvas or offers "add next" (React Flow
  // passes the canvas's nodesConnectable as isConnectable).
  const renaming = useDrawing((d) => d.renaming === step.id) && isConnectable;
  const joinRole = useDrawing((d) => (d.connecting?.from === step.id ? ' is-join-source' : d.connecting?.target === step.id ? ' is-join-target' : ''));
  return (
    <div className={`step step-${step.kind}${selected ? ' is-selected' : ''}${joinRole}`} style={outline} data-kind={step.kind} data-step-id={step.id}>
      {/* React Flow passes the canvas's nodesConnectable here; a Handle left to its default is always connectable. */}
      {step.kind !== 'start' && <Handle type="target" position={Position.Left} isConnectable={isConnectable} />}
      <div className="step-head">
        <Icon name={step.kind} />
        <span className="step-kind">{style.label}</span>
        {mark && (
          <span className={`finding-badge is-${mark.severity}`} title={`${mark.open} open finding${mark.open === 1 ? '' : 's'}${mark.waived ? `, ${mark.waived} waived` : ''}`}>
            {mark.open || `${mark.waived} waived`}
          </span>
        )}
      </div>
      {renaming ? <LabelEditor stepId={step.id} label={step.label} /> : <div className="step-label">{step.label}</div>}
      {owned && (
        <div className={`step-owner${owner ? '' : ' is-missing'}`}>
          <Icon name="owner" size={12} />
          <span>{owner || 'no owner'}</span>
        </div>
      )}
      {minutes.length > 0 && (
        <div className="step-minutes">
          <Icon name="clock" size={12} />
          <span>{minutes.join(' · ')}</span>
        </div>
      )}
      {step.kind !== 'end' && <Handle type="source" position={Position.Right} isConnectable={isConnectable} />}
      {selected && isConnectable && step.kind !== 'end' && <AddNextBar stepId={step.id} stepLabel={step.label} />}
    </div>
  );
}

export const StepNode = memo(StepNodeView);
