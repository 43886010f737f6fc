import { memo } from 'react';
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type Edge, type EdgeProps } from '@xyflow/react';
import type { Join } from '../../core/model';
import { formatDuration } from '../../core/model/duration';
import { BoltIcon, Icon } from '../icons';
import { useStore } from '../../store';

export interface JoinEdgeData extends Record<string, unknown> {
  join: Join;
}

export type JoinFlowEdge = Edge<JoinEdgeData, 'join'>;

const HANDOFF_TEXT = { system: 'system', manual: 'manual', meeting: 'meeting' } as const;

/** A join: its handoff by line style (system solid, manual dashed, meeting dotted) and icon, its wait when set. */
function JoinEdgeView({ id, data, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, selected, markerEnd }: EdgeProps<JoinFlowEdge>) {
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const select = useStore((s) => s.select);
  const mark = useStore((s) => s.marks.get(id));
  if (!data) return null;
  const { join } = data;
  const wait = join.waitMinutes ? formatDuration(join.waitMinutes) : '';
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} className={`join-line handoff-${join.handoff}`} interactionWidth={16} />
      <EdgeLabelRenderer>
        <div
          className={`nodrag nopan join-label handoff-${join.handoff}${selected ? ' is-selected' : ''}`}
          style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          data-join-id={join.id}
          onClick={() => select([join.id])}
        >
          {join.handoff === 'system' ? <BoltIcon size={12} /> : <Icon name={join.handoff} size={12} />}
          <span>{join.label ?? HANDOFF_TEXT[join.handoff]}</span>
          {wait && <span className="join-wait">{wait}</span>}
          {mark && mark.open > 0 && <span className={`finding-dot is-${mark.severity}`} role="img" aria-label={`${mark.open} open finding${mark.open === 1 ? '' : 's'}`} />}
        </div>
      </EdgeLabelRenderer>
    </>
  );
}

export const JoinEdge = memo(JoinEdgeView);
