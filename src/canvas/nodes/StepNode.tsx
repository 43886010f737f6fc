import { memo } from 'react';
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import type { Step } from '../../core/model';
import { useStore } from '../../store';
import { useDrawing } from '../drawingState';
import { Icon } from '../icons';
import { AddNextBar } from './AddNextBar';
import { useFar } from './farZoom';
import { KIND_STYLES, OWNED_KINDS } from './kinds';
import { LabelEditor } from './LabelEditor';
import { minutesParts } from '../../core/picture/minutes-line';
import { estimatedStepSize } from './stepSize';
import './stepBox.css';

export interface StepNodeData extends Record<string, unknown> {
  step: Step;
  /** Colours of other people who have this step selected. */
  selectedBy: string[];
}

export type StepFlowNode = Node<StepNodeData, 'step'>;

/**
 * A step: drawn whole when it can be read, as a bare coloured box when the canvas is zoomed out
 * (farZoom.ts). The step someone is working on stays whole at any zoom: selected, being renamed,
 * or an end of a join being drawn.
 */
function StepNodeView(props: NodeProps<StepFlowNode>) {
  const far = useFar();
  const id = props.data.step.id;
  const busy = useDrawing((d) => d.renaming === id || d.connecting?.from === id || d.connecting?.target === id);
  if (far && !props.selected && !busy) return <StepBox step={props.data.step} width={props.width} height={props.height} />;
  return <StepDetail {...props} />;
}

/**
 * The step as a box of its kind's colour (its finding's, when flagged: stepBox.css), no text. It
 * keeps the size React Flow holds (measured, or worked out before it was drawn whole: stepSize.ts),
 * so zooming out moves no join and measures nothing.
 *
 * Its handles are bare anchors, not React Flow's Handle: each Handle is a component subscribed to
 * React Flow's store, called on every drag frame and keystroke, two thousand of them at fit view
 * on 1,000 steps. React Flow measures a step's handles when it is drawn (its `.source` and
 * `.target` elements, with `data-handlepos`), and the anchors sit where the whole step's handles
 * do, so its joins still end at its sides. Nothing starts a join from a box: it is drawn to one by
 * dropping it on the box (Canvas.tsx's onConnectEnd), and from one by selecting it, which draws it whole.
 */
const StepBox = memo(function StepBox({ step, width, height }: { step: Step; width?: number; height?: number }) {
  const size = width && height ? { width, height } : estimatedStepSize(step);
  return (
    <div className={`step step-box step-${step.kind}`} style={size} data-kind={step.kind} data-step-id={step.id}>
      {step.kind !== 'start' && <span className="box-anchor target" data-handlepos={Position.Left} />}
      {step.kind !== 'end' && <span className="box-anchor source" data-handlepos={Position.Right} />}
    </div>
  );
});

function StepDetail({ data, selected, isConnectable }: NodeProps<StepFlowNode>) {
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
