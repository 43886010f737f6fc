import { memo, useMemo, useRef, type MouseEvent } from 'react';
import { ConnectionMode, ViewportPortal, useStore as useFlowStore, useStoreApi, type InternalNode, type Node } from '@xyflow/react';
import { getEdgePosition, type Handle } from '@xyflow/system';
import { arrowSizeFor, distanceToRoute, joinPaths, routeJoin, type JoinRoute } from '../../core/layout/join-route';
import { sameItems } from '../../core/same-items';
import type { Handoff } from '../../core/model';
import { type Area, useCoveredArea } from '../coveredArea';
import { selectAsClicked } from '../selectAsClicked';
import { onlySelectedChanged } from '../onlySelectedChanged';
import type { JoinFlowEdge } from './JoinEdge';

/**
 * The joins seen from afar (farZoom.ts), all in one <svg> under the steps: each its line and
 * arrowhead in its handoff's style and its finding's colour, no label, routed without looking for
 * the steps in its way. Only the joins near the view are drawn.
 *
 * Joins that look alike (the same marks and handoff) and lie near each other are drawn as one
 * path, a bundle: a browser pays for every element it paints on every frame that changes anything,
 * and at fit view on 1,000 steps the 1,223 joins as three elements each were most of what a
 * keystroke cost to paint (they are some 200 bundles now). The joins of a selected step (what a
 * drag moves) are drawn one by one, so a drag redraws them and leaves the bundles as they are.
 *
 * A click on a join selects it: on a bundle, the join nearest the click. A selected join is handed
 * back to React Flow (Canvas.tsx), which draws it whole, label and all. The steps carry what a
 * screen reader reads at this zoom; the joins, each with its label, are reachable from any nearer zoom.
 */
export const FarJoins = memo(function FarJoins({ joins }: { joins: readonly JoinFlowEdge[] }) {
  const flow = useStoreApi();
  // A new array whenever a step moves or is sized (React Flow updates nodeLookup in place).
  const nodes = useFlowStore((s) => s.nodes);
  const area = useCoveredArea();
  // Each join as drawn, kept while its edge and its two steps are the same objects (React Flow keeps
  // a step's object while it is unchanged): a drag frame works out the dragged step's joins again.
  const drawn = useRef(new Map<string, Drawn>());
  const last = useRef<Placed | undefined>(undefined);
  const { bundles, alone } = useMemo(() => {
    const { nodeLookup } = flow.getState();
    const draw = (edge: JoinFlowEdge) => {
      const join = drawnNow(edge, nodeLookup, drawn.current.get(edge.id));
      if (join) drawn.current.set(edge.id, join);
      return join;
    };
    const prior = last.current;
    // A drag or a rename changes only selected steps, whose joins are drawn alone: the bundles stay
    // as they are, and the frame works out those few joins, not every join of the map.
    if (prior && prior.joins === joins && prior.area === area && onlySelectedChanged(prior.nodes, nodes)) {
      const alone = prior.alone.map((join) => draw(join.edge) ?? join);
      last.current = { ...prior, nodes, alone };
      return last.current;
    }
    const members = new Map<string, Drawn[]>();
    const alone: Drawn[] = [];
    const kept = new Map<string, Drawn>();
    for (const edge of joins) {
      const join = draw(edge);
      if (!join) continue;
      kept.set(edge.id, join);
      if (!crosses(area, join.ends)) continue;
      if (join.sourceNode.selected || join.targetNode.selected) alone.push(join);
      else members.get(join.look)?.push(join) ?? members.set(join.look, [join]);
    }
    drawn.current = kept;
    last.current = { joins, nodes, area, bundles: bundle(members, prior?.bundles ?? []), alone };
    return last.current;
  }, [joins, nodes, area, flow]);

  // One listener for every join: a join drawn alone carries its id; on a bundle, the browser has
  // found the click within a line's band, and the join meant is the one nearest it of all drawn.
  const select = (event: MouseEvent<SVGSVGElement>) => {
    const target = event.target as SVGElement;
    if (!target.classList.contains('far-join-hit')) return;
    const id = target.closest<SVGGElement>('.far-join')?.dataset.id ?? nearestJoin(last.current?.bundles ?? [], pointIn(event));
    if (id) selectAsClicked(id, event);
  };

  return (
    <ViewportPortal>
      <svg className="far-joins" aria-hidden="true" onClick={select}>
        {bundles.map((b) => (
          <JoinPaths key={b.look} look={b.look} className={b.className} handoff={b.handoff} line={b.lines} arrow={b.arrows} />
        ))}
        {alone.map((join) => (
          <JoinPaths key={join.edge.id} id={join.edge.id} className={join.className} handoff={join.handoff} line={join.line} arrow={join.arrow} />
        ))}
      </svg>
    </ViewportPortal>
  );
});

/** What was drawn, and from what. */
interface Placed {
  joins: readonly JoinFlowEdge[];
  nodes: readonly Node[];
  area: Area;
  bundles: Bundle[];
  alone: Drawn[];
}

/**
 * The join as drawn now: `known` while its edge and its two steps are the objects it was drawn from.
 * Where a join runs depends only on where its two steps are and how big they are, not on their
 * marks: a join whose steps or edge are new objects for a finding's mark alone keeps the route it
 * had (the first findings of a large map mark most of it, and every join was routed again).
 */
function drawnNow(edge: JoinFlowEdge, nodeLookup: ReadonlyMap<string, InternalNode>, known: Drawn | undefined): Drawn | undefined {
  const sourceNode = nodeLookup.get(edge.source);
  const targetNode = nodeLookup.get(edge.target);
  if (!edge.data?.join || !sourceNode || !targetNode) return undefined;
  if (known && known.edge === edge && known.sourceNode === sourceNode && known.targetNode === targetNode) return known;
  const stayed = known && known.edge.source === edge.source && known.edge.target === edge.target && samePlace(known.sourceNode, sourceNode) && samePlace(known.targetNode, targetNode) ? known : undefined;
  const at = stayed?.ends ?? getEdgePosition({ id: edge.id, sourceNode, targetNode, sourceHandle: null, targetHandle: null, connectionMode: ConnectionMode.Strict });
  return at ? drawJoin(edge, sourceNode, targetNode, at, stayed) : undefined;
}

/** The same place and size, and handles where they were: what a join's ends are worked out from. */
const samePlace = (a: InternalNode, b: InternalNode) =>
  a === b ||
  (a.internals.positionAbsolute.x === b.internals.positionAbsolute.x &&
    a.internals.positionAbsolute.y === b.internals.positionAbsolute.y &&
    a.measured.width === b.measured.width &&
    a.measured.height === b.measured.height &&
    sameHandles(a.internals.handleBounds?.source, b.internals.handleBounds?.source) &&
    sameHandles(a.internals.handleBounds?.target, b.internals.handleBounds?.target));

/** React Flow measures a drawn step's handles again whenever it re-renders: new objects, mostly the same places. */
function sameHandles(a: readonly Handle[] | null | undefined, b: readonly Handle[] | null | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  return a.every((h, i) => h.id === b[i].id && h.x === b[i].x && h.y === b[i].y && h.width === b[i].width && h.height === b[i].height && h.position === b[i].position);
}

/** One join as drawn, and what it was drawn from. */
interface Drawn {
  edge: JoinFlowEdge;
  sourceNode: InternalNode;
  targetNode: InternalNode;
  ends: EdgeEnds;
  route: JoinRoute;
  line: string;
  arrow: string;
  /** The square of the map it is bundled in (CELL). */
  cell: string;
  className: string;
  handoff: Handoff;
  /** Joins with the same look are drawn as one path. */
  look: string;
}

/**
 * Joins are bundled by the part of the map they are in, too, squares this wide in flow units: when
 * anything near a bundle changes (a step dragged over it), the browser draws again every join of
 * every bundle there, dashes and all, and one bundle for the whole map made every drag frame miss.
 */
const CELL = 1200;

/** The joins of one look, as one line path and one arrowhead path. */
interface Bundle {
  look: string;
  className: string;
  handoff: Handoff;
  members: Drawn[];
  lines: string;
  arrows: string;
}

interface EdgeEnds {
  sourceX: number;
  sourceY: number;
  targetX: number;
  targetY: number;
}

/** The join drawn from its ends, with the route and square of `stayed` (a join drawn from the same ends), and its paths too unless its arrowhead changed. */
function drawJoin(edge: JoinFlowEdge, sourceNode: InternalNode, targetNode: InternalNode, ends: EdgeEnds, stayed?: Drawn): Drawn {
  const join = edge.data?.join;
  const flagged = isFlagged(edge);
  const handoff = join?.handoff ?? 'manual';
  const className = edge.className ?? '';
  const to = { x: ends.targetX, y: ends.targetY };
  const route = stayed?.route ?? routeJoin({ x: ends.sourceX, y: ends.sourceY }, to, []);
  const { line, arrow } = stayed && isFlagged(stayed.edge) === flagged ? stayed : joinPaths(route, to, arrowSizeFor(flagged));
  const cell = stayed?.cell ?? `${Math.floor((ends.sourceX + ends.targetX) / 2 / CELL)},${Math.floor((ends.sourceY + ends.targetY) / 2 / CELL)}`;
  return { edge, sourceNode, targetNode, ends, route, line, arrow, cell, className, handoff, look: `${className}|${handoff}|${cell}` };
}

/** Drawn with a finding's larger arrowhead. */
const isFlagged = (edge: JoinFlowEdge) => !!edge.data?.flagged;

/**
 * The bundles, plain joins first so the marked ones are drawn over them; a bundle whose joins are
 * the ones it held before is kept, path strings and all, so a frame that moved none of them
 * neither joins its strings again nor hands React new ones.
 */
function bundle(members: Map<string, Drawn[]>, before: readonly Bundle[]): Bundle[] {
  const byLook = new Map(before.map((b) => [b.look, b]));
  const bundles: Bundle[] = [];
  for (const [look, joins] of members) {
    const prior = byLook.get(look);
    if (prior && sameItems(prior.members, joins)) {
      bundles.push(prior);
      continue;
    }
    const { className, handoff } = joins[0];
    bundles.push({ look, className, handoff, members: joins, lines: joins.map((j) => j.line).join(' '), arrows: joins.map((j) => j.arrow).join(' ') });
  }
  return bundles.sort((a, b) => Number(a.className !== '') - Number(b.className !== ''));
}

/** A join drawn alone (`id`) or a bundle of joins (`look`): the line, a wider band for the click, the arrowheads. */
const JoinPaths = memo(function JoinPaths({ className, handoff, line, arrow, id, look }: { className: string; handoff: Handoff; line: string; arrow: string; id?: string; look?: string }) {
  return (
    <g className={`far-join ${className}`} data-id={id} data-look={look}>
      <path className="far-join-hit" d={line} />
      <path className={`join-line handoff-${handoff}`} d={line} />
      <path className="join-arrow" d={arrow} />
    </g>
  );
});

/** Where a click landed, in flow units (the svg sits in React Flow's viewport, so its units are the map's). */
function pointIn(event: MouseEvent<SVGSVGElement>) {
  const toFlow = event.currentTarget.getScreenCTM()?.inverse();
  const at = new DOMPoint(event.clientX, event.clientY).matrixTransform(toFlow);
  return { x: at.x, y: at.y };
}

/** The bundled join nearest a point. */
function nearestJoin(bundles: readonly Bundle[], point: { x: number; y: number }): string | undefined {
  let nearest: { id: string; distance: number } | undefined;
  for (const bundle of bundles) {
    for (const join of bundle.members) {
      const distance = distanceToRoute(join.route, point);
      if (!nearest || distance < nearest.distance) nearest = { id: join.edge.id, distance };
    }
  }
  return nearest?.id;
}

/** How far a join may stray from the box of its two ends (routeJoin goes round a step or two at most). */
const ROUTE_MARGIN = 200;

const crosses = (area: Area, at: EdgeEnds) =>
  Math.max(at.sourceX, at.targetX) + ROUTE_MARGIN > area.left &&
  Math.min(at.sourceX, at.targetX) - ROUTE_MARGIN < area.right &&
  Math.max(at.sourceY, at.targetY) + ROUTE_MARGIN > area.top &&
  Math.min(at.sourceY, at.targetY) - ROUTE_MARGIN < area.bottom;
