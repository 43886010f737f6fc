import { useRef } from 'react';
import { NodeToolbar, Position } from '@xyflow/react';
import type { StepKind } from '../../core/model';
import { Icon } from '../icons';
import { useAddStep } from '../useAddStep';
import { KIND_STYLES } from './kinds';
import { useTabThroughAddNext } from './useTabThroughAddNext';
import { ADD_NEXT_OFFSET, useAddNextSide } from './addNextSide';

/** Every kind a next step can be (a start has no way in). */
const NEXT_KINDS: StepKind[] = ['human', 'ai', 'system', 'approval', 'verification', 'handoff', 'end'];

/**
 * Quick-connect, as on the best whiteboards: beside the selected step, one button per kind adds
 * the next step, already joined, to its right (or beside the steps already there), with its label
 * open for typing. One click per step instead of a palette click, a drag and a handle hit.
 */
export function AddNextBar({ stepId, stepLabel }: { stepId: string; stepLabel: string }) {
  const add = useAddStep();
  const bar = useRef<HTMLDivElement>(null);
  useTabThroughAddNext(stepId, bar);
  // Beside the step where it covers no other: a step placed right beside it keeps its label in sight.
  const side = useAddNextSide(stepId);
  const across = side === Position.Top || side === Position.Bottom;
  return (
    <NodeToolbar
      position={side}
      offset={ADD_NEXT_OFFSET}
      className={`add-next nodrag nopan${across ? ' is-across' : ''}`}
      aria-label={`Add the next step after ${stepLabel}`}
      role="toolbar"
      aria-orientation={across ? 'horizontal' : 'vertical'}
    >
      {/* Only to find the buttons by (NodeToolbar takes no ref): laid out as if it were not there. */}
      <div ref={bar} style={{ display: 'contents' }}>
        {NEXT_KINDS.map((kind) => (
          <button
            type="button"
            key={kind}
            tabIndex={-1} // reached from the step, not after every step (useTabThroughAddNext)
            className={`add-next-item palette-${kind}`}
            data-kind={kind}
            title={`Add the next step: ${KIND_STYLES[kind].label} (${KIND_STYLES[kind].hint.toLowerCase()})`}
            aria-label={`Add ${KIND_STYLES[kind].article} ${KIND_STYLES[kind].label} step after ${stepLabel}`}
            onClick={() => add.after(stepId, kind)}
          >
            <Icon name={kind} />
          </button>
        ))}
      </div>
    </NodeToolbar>
  );
}
