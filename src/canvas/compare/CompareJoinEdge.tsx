import { memo } from 'react';
import { BaseEdge, type Edge, type EdgeProps, getBezierPath } from '@xyflow/react';

export interface CompareJoinData extends Record<string, unknown> {
  /** The change's marks, space-separated ('' when unchanged). */
  change: string;
  /** What the change says, as the tooltip. */
  detail: string;
}

export type CompareJoinFlowEdge = Edge<CompareJoinData, 'compareJoin'>;

/**
 * A join in a compare pane: React Flow's curve and its label, the label centred on the curve's
 * middle with a halo of the paper's colour (compare.css) instead of a box behind it. React
 * Flow's own label sizes its box by measuring the text with getBBox when it mounts, a layout of
 * the page for each: at 4,900 steps a state, 280 ms of the task that opens the view. Labels as
 * HTML over the pane, as the canvas draws its joins', cost more still there (a portal each). The
 * label is part of the edge, so a click on it selects the join as one on the line does.
 */
function CompareJoinEdgeView({ id, sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition, markerEnd, label, data }: EdgeProps<CompareJoinFlowEdge>) {
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} />
      {label && (
        <g>
          {data?.detail && <title>{data.detail}</title>}
          <text className="compare-join-label" x={labelX} y={labelY} textAnchor="middle" dominantBaseline="central" data-join-id={id} data-change={data?.change || undefined}>
            {label}
          </text>
        </g>
      )}
    </>
  );
}

export const CompareJoinEdge = memo(CompareJoinEdgeView);
