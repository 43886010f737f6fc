import { memo, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { BaseEdge, EdgeLabelRenderer, type Edge, type EdgeProps } from '@xyflow/react';
import { arrowSizeFor, joinPaths, nearJoin, placeLabel, routeJoin } from '../../core/layout/join-route';
import type { FindingSeverity } from '../../core/analyzer';
import type { Join } from '../../core/model';
import { formatDuration } from '../../core/model/duration';
import { BoltIcon, Icon } from '../icons';
import { useStore } from '../../store';
import { useStepBoxes } from './useStepBoxes';

export interface JoinEdgeData extends Record<string, unknown> {
  join: Join;
  /** On the critical path: review mode leaves it undimmed, and its toggle outlines it (review.css, findings.css). */
  onCriticalPath?: boolean;
  /** The severity of its open findings (useFlowElements reads the marks): the joins drawn from afar (FarJoins.tsx) read no store. */
  flagged?: FindingSeverity;
}

export type JoinFlowEdge = Edge<JoinEdgeData, 'join'>;

const HANDOFF_TEXT = { system: 'system', manual: 'manual', meeting: 'meeting' } as const;
const SEVERITY_WORD = { error: 'error', warning: 'warning', info: 'note', waived: 'waived' } as const;

/** Until the label is measured: about what an 11 px label with an icon takes. */
const estimate = (text: string) => ({ width: Math.min(200, 34 + text.length * 6.4), height: 22 });

/**
 * A join: its handoff by line style (system solid, manual dashed, meeting dotted) and icon, its
 * wait when set. A flagged join is drawn in its severity's colour, thicker, with a matching
 * arrowhead (canvas.css, findings.css); its label says the severity first, so no ellipsis can
 * hide it. The route and the label's place come from join-route: off the steps, label beside
 * the line. Zoomed far out, the joins not selected are drawn by FarJoins instead (Canvas.tsx).
 */
function JoinEdgeView({ id, data, sourceX, sourceY, targetX, targetY, selected }: EdgeProps<JoinFlowEdge>) {
  const mark = useStore((s) => s.marks.get(id));
  const labelRef = useRef<HTMLDivElement>(null);
  const join = data?.join;
  const text = join ? (join.label ?? HANDOFF_TEXT[join.handoff]) : '';
  const wait = join?.waitMinutes ? formatDuration(join.waitMinutes) : '';
  const [size, setSize] = useState(() => estimate(`${text} ${wait}`));
  const steps = useStepBoxes(Math.min(sourceX, targetX) - size.width - 60, Math.max(sourceX, targetX) + size.width + 60);

  // The label's real size (it is laid out in flow units, so the zoom does not change it).
  useLayoutEffect(() => {
    const el = labelRef.current;
    if (!el) return;
    const measured = { width: el.offsetWidth, height: el.offsetHeight };
    if (measured.width && (measured.width !== size.width || measured.height !== size.height)) setSize(measured);
  });

  const flagged = mark && mark.open > 0 ? mark.severity : undefined;
  const { path, arrow, label } = useMemo(() => {
    const from = { x: sourceX, y: sourceY };
    const to = { x: targetX, y: targetY };
    const near = nearJoin(from, to, steps, size.width);
    const route = routeJoin(from, to, near);
    const { line, arrow } = joinPaths(route, to, arrowSizeFor(!!flagged));
    return { path: line, arrow, label: placeLabel(route, size, near) };
  }, [sourceX, sourceY, targetX, targetY, steps, size, flagged]);

  if (!join) return null;
  const flags = `${flagged ? ` is-flagged finding-${flagged}` : mark ? ' finding-waived' : ''}${data?.onCriticalPath ? ' on-critical-path' : ''}`;
  return (
    <>
      <BaseEdge id={id} path={path} className={`join-line handoff-${join.handoff}`} interactionWidth={16} />
      <path className="join-arrow" d={arrow} />
      <EdgeLabelRenderer>
        <div
          ref={labelRef}
          className={`nodrag nopan join-label handoff-${join.handoff}${selected ? ' is-selected' : ''}${flags}`}
          style={{ transform: `translate(${label.x}px, ${label.y}px)` }}
          data-join-id={join.id}
          onClick={() => useStore.getState().select([join.id])}
        >
          {flagged && mark && (
            <span className={`join-severity is-${flagged}`} role="img" aria-label={`${mark.open} open finding${mark.open === 1 ? '' : 's'}, ${SEVERITY_WORD[flagged]}`}>
              !{mark.open > 1 ? mark.open : ''}
            </span>
          )}
          {join.handoff === 'system' ? <BoltIcon size={12} /> : <Icon name={join.handoff} size={12} />}
          <span className="join-text">{text}</span>
          {wait && <span className="join-wait">{wait}</span>}
        </div>
      </EdgeLabelRenderer>
    </>
  );
}

export const JoinEdge = memo(JoinEdgeView);
