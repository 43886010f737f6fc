import { memo, useMemo, useRef, type ReactElement } from 'react';
import { ConnectionMode, ViewportPortal, useStore as useFlowStore, useStoreApi, type InternalNode } from '@xyflow/react';
import { getEdgePosition } from '@xyflow/system';
import { arrowSizeFor, joinPaths, routeJoin } from '../../core/layout/join-route';
import type { FindingSeverity } from '../../core/analyzer';
import type { Join } from '../../core/model';
import { type Area, useCoveredArea } from '../coveredArea';
import { DrawnGroups, useGrouping } from '../drawnInGroups';
import { selectAsClicked } from '../selectAsClicked';
import type { JoinFlowEdge } from './JoinEdge';

/**
 * The joins seen from afar (farZoom.ts), all in one <svg> under the steps: each its line and
 * arrowhead in its handoff's style and its finding's colour, no label, routed without looking for
 * the steps in its way. React Flow draws each join as an <svg> of its own with three store
 * listeners; at fit view on 1,000 steps those were some 1,400 separate pieces for the browser to
 * composite on every frame (most of a keystroke's cost) and 4,000 listeners called on every store
 * update. Here they are one piece, and one listener. Only the joins near the view are drawn.
 *
 * A join is still selected by a click on it, and a selected join is handed back to React Flow
 * (Canvas.tsx), which draws it whole, label and all. The steps carry what a screen reader reads
 * at this zoom; the joins, each with its label, are reachable from any nearer zoom.
 */
export const FarJoins = memo(function FarJoins({ joins }: { joins: readonly JoinFlowEdge[] }) {
  const flow = useStoreApi();
  // A new array whenever a step moves or is sized (React Flow updates nodeLookup in place).
  const nodes = useFlowStore((s) => s.nodes);
  const area = useCoveredArea();
  // Each join's ends and element, kept while its edge and its two steps are the same objects (React
  // Flow keeps a step's object while it is unchanged): a drag frame works out the dragged step's
  // joins again, and React skips the rest without comparing their props.
  const cache = useRef(new Map<string, Drawn>());
  const inGroups = useGrouping();
  const groups = useMemo(() => {
    void nodes;
    const { nodeLookup } = flow.getState();
    const kept = new Map<string, Drawn>();
    const elements: ReactElement[] = [];
    for (const edge of joins) {
      const sourceNode = nodeLookup.get(edge.source);
      const targetNode = nodeLookup.get(edge.target);
      const join = edge.data?.join;
      if (!join || !sourceNode || !targetNode) continue;
      let known = cache.current.get(edge.id);
      if (!known || known.edge !== edge || known.sourceNode !== sourceNode || known.targetNode !== targetNode) {
        const at = getEdgePosition({ id: edge.id, sourceNode, targetNode, sourceHandle: null, targetHandle: null, connectionMode: ConnectionMode.Strict });
        if (!at) continue;
        const props = { id: edge.id, join, className: edge.className ?? '', flagged: edge.data?.flagged, sourceX: at.sourceX, sourceY: at.sourceY, targetX: at.targetX, targetY: at.targetY };
        known = { edge, sourceNode, targetNode, at, element: <FarJoin key={edge.id} {...props} /> };
      }
      kept.set(edge.id, known);
      if (crosses(area, known.at)) elements.push(known.element);
    }
    cache.current = kept;
    return inGroups(elements);
  }, [joins, nodes, area, flow, inGroups]);
  return (
    <ViewportPortal>
      <svg className="far-joins" aria-hidden="true">
        <DrawnGroups groups={groups} />
      </svg>
    </ViewportPortal>
  );
});

interface Drawn {
  edge: JoinFlowEdge;
  sourceNode: InternalNode;
  targetNode: InternalNode;
  at: EdgeEnds;
  element: ReactElement;
}

interface EdgeEnds {
  sourceX: number;
  sourceY: number;
  targetX: number;
  targetY: number;
}

interface FarJoinProps {
  id: string;
  join: Join;
  className: string;
  flagged?: FindingSeverity;
  sourceX: number;
  sourceY: number;
  targetX: number;
  targetY: number;
}

const FarJoin = memo(function FarJoin({ id, join, className, flagged, sourceX, sourceY, targetX, targetY }: FarJoinProps) {
  const to = { x: targetX, y: targetY };
  const { line, arrow } = joinPaths(routeJoin({ x: sourceX, y: sourceY }, to, []), to, arrowSizeFor(!!flagged));
  return (
    <g className={`far-join ${className}`} data-id={id} onClick={(event) => selectAsClicked(id, event)}>
      <path className="far-join-hit" d={line} />
      <path className={`join-line handoff-${join.handoff}`} d={line} />
      <path className="join-arrow" d={arrow} />
    </g>
  );
});

/** How far a join may stray from the box of its two ends (routeJoin goes round a step or two at most). */
const ROUTE_MARGIN = 200;

const crosses = (area: Area, at: EdgeEnds) =>
  Math.max(at.sourceX, at.targetX) + ROUTE_MARGIN > area.left &&
  Math.min(at.sourceX, at.targetX) - ROUTE_MARGIN < area.right &&
  Math.max(at.sourceY, at.targetY) + ROUTE_MARGIN > area.top &&
  Math.min(at.sourceY, at.targetY) - ROUTE_MARGIN < area.bottom;
