/**
 * Where a join runs and where its label sits, so both stay readable: a join leaves its step's
 * right side and enters the next step's left side. Ahead with a clear way, it is React Flow's
 * Bézier curve (the canvas's own look); going back (a rework loop) or with a step in its way,
 * it runs in a lane above or below the steps instead of under them, where no one would see it.
 * The label goes beside the line, never on it (the line and its severity colour stay visible)
 * and never on a step. Pure geometry in flow coordinates, shared by every picture of the map.
 */

export interface Point {
  x: number;
  y: number;
}

/** Top-left corner and size. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type JoinRoute =
  | { kind: 'curve'; from: Point; c1: Point; c2: Point; to: Point }
  /** Corner points, drawn with rounded corners; the lane is the segment from points[2] to points[3]. */
  | { kind: 'lane'; points: Point[]; above: boolean };

/** How far a lane keeps from the steps it passes, and how far a join runs straight out of (and into) a step. */
const CLEARANCE = 28;
const STUB = 24;
const CORNER = 12;
/** Between a label and its line. */
const LABEL_GAP = 4;
/** The arrowhead's length along the line: the line stops where the arrowhead starts. */
const ARROW_LENGTH = 10;

/**
 * `obstacles`: every step's box, the joined steps' own included (a loop must clear them too).
 * A forward join only avoids the steps between its ends.
 */
export function routeJoin(from: Point, to: Point, obstacles: readonly Box[]): JoinRoute {
  const ahead = to.x - from.x;
  if (ahead >= 2 * STUB) {
    const offset = 0.5 * ahead;
    const curve: JoinRoute = { kind: 'curve', from, c1: { x: from.x + offset, y: from.y }, c2: { x: to.x - offset, y: to.y }, to };
    const between = obstacles.filter((b) => b.x > from.x + 1 && b.x + b.width < to.x - 1);
    if (!sampleRoute(curve, 24).some((p) => between.some((b) => inside(p, grow(b, 2))))) return curve;
  }
  const x1 = from.x + STUB;
  const x2 = to.x - STUB;
  const lo = Math.min(x1, x2);
  const hi = Math.max(x1, x2);
  const band = obstacles.filter((b) => b.x < hi && b.x + b.width > lo);
  const up = lane(band, Math.min(from.y, to.y), -1);
  const down = lane(band, Math.max(from.y, to.y), 1);
  const travel = (y: number) => Math.abs(from.y - y) + Math.abs(to.y - y);
  const above = travel(up) <= travel(down);
  const y = above ? up : down;
  return { kind: 'lane', above, points: [from, { x: x1, y: from.y }, { x: x1, y }, { x: x2, y }, { x: x2, y: to.y }, to] };
}

/** The nearest height, going up (-1) or down (1) from `start`, that passes every box in the band with room to spare. */
function lane(band: readonly Box[], start: number, direction: -1 | 1): number {
  let y = start;
  for (let moved = true, rounds = 0; moved && rounds <= band.length; rounds++) {
    moved = false;
    for (const b of band) {
      if (y > b.y - CLEARANCE && y < b.y + b.height + CLEARANCE) {
        y = direction < 0 ? b.y - CLEARANCE : b.y + b.height + CLEARANCE;
        moved = true;
      }
    }
  }
  return y;
}

/** SVG path data, stopping `trim` short of the end (where the arrowhead takes over). */
function routePath(route: JoinRoute, trim = 0): string {
  if (route.kind === 'curve') {
    const { from, c1, c2, to } = route;
    return `M${n(from.x)},${n(from.y)} C${n(c1.x)},${n(c1.y)} ${n(c2.x)},${n(c2.y)} ${n(to.x - trim)},${n(to.y)}`;
  }
  const points = route.points.map((p, i) => (i === route.points.length - 1 ? { x: p.x - trim, y: p.y } : p));
  let d = `M${n(points[0].x)},${n(points[0].y)}`;
  for (let i = 1; i < points.length - 1; i++) {
    const [a, b, c] = [points[i - 1], points[i], points[i + 1]];
    const r = Math.min(CORNER, distance(a, b) / 2, distance(b, c) / 2);
    const inbound = toward(b, a, r);
    const outbound = toward(b, c, r);
    d += ` L${n(inbound.x)},${n(inbound.y)} Q${n(b.x)},${n(b.y)} ${n(outbound.x)},${n(outbound.y)}`;
  }
  const last = points[points.length - 1];
  return `${d} L${n(last.x)},${n(last.y)}`;
}

/** The arrowhead at the join's end, pointing right into the target step's left side. */
function arrowPath(to: Point, size: number): string {
  const half = size / 2;
  const length = (ARROW_LENGTH * size) / 10;
  return `M${n(to.x - length)},${n(to.y - half)} L${n(to.x)},${n(to.y)} L${n(to.x - length)},${n(to.y + half)} Z`;
}

/** A join's arrowhead: larger on a flagged join, to match its thicker line. */
export const arrowSizeFor = (flagged: boolean) => (flagged ? 14 : 10);

/**
 * A join as drawn, on the canvas and in the pictures alike: its line, stopping where its
 * arrowhead of `size` starts (1 unit into it, so no gap shows), so neither the line's dashes nor
 * its end poke past the tip; and the arrowhead at `to`.
 */
export function joinPaths(route: JoinRoute, to: Point, size: number): { line: string; arrow: string } {
  return { line: routePath(route, (ARROW_LENGTH * size) / 10 - 1), arrow: arrowPath(to, size) };
}

/** Points along the route, evenly in its parameter. */
export function sampleRoute(route: JoinRoute, count = 32): Point[] {
  if (route.kind === 'curve') return Array.from({ length: count + 1 }, (_, i) => bezier(route, i / count));
  const out: Point[] = [];
  const per = Math.max(2, Math.ceil(count / (route.points.length - 1)));
  for (let i = 0; i < route.points.length - 1; i++) {
    const [a, b] = [route.points[i], route.points[i + 1]];
    for (let k = 0; k < per; k++) out.push({ x: a.x + ((b.x - a.x) * k) / per, y: a.y + ((b.y - a.y) * k) / per });
  }
  out.push(route.points[route.points.length - 1]);
  return out;
}

/** How far `point` is from the route's line (sampled, so within a unit or so on a curve): which join a click was on. */
export function distanceToRoute(route: JoinRoute, point: Point): number {
  const line = sampleRoute(route, 24);
  let nearest = Number.POSITIVE_INFINITY;
  for (let i = 1; i < line.length; i++) nearest = Math.min(nearest, distanceToSegment(point, line[i - 1], line[i]));
  return nearest;
}

function distanceToSegment(p: Point, a: Point, b: Point): number {
  const length2 = (b.x - a.x) ** 2 + (b.y - a.y) ** 2;
  const t = length2 ? Math.max(0, Math.min(1, ((p.x - a.x) * (b.x - a.x) + (p.y - a.y) * (b.y - a.y)) / length2)) : 0;
  return distance(p, along(a, b, t));
}

/** Where along the route a label may go, best first: the middle, then further out. */
const SPOTS = [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8];

/**
 * A label's box: beside the line near its middle (above it first), on no step. Each candidate is
 * scored: a step under the label costs most, then covering the line, then distance from the middle.
 */
export function placeLabel(route: JoinRoute, size: { width: number; height: number }, obstacles: readonly Box[]): Box {
  const line = sampleRoute(route, 48);
  let best: Box | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const [rank, t] of SPOTS.entries()) {
    const at = route.kind === 'curve' ? bezier(route, t) : along(route.points[2], route.points[3], t);
    // On a lane, the outer side first: the inner side is the clearance next to the steps.
    const sides = route.kind === 'lane' && !route.above ? [1, -1, 0] : [-1, 1, 0];
    for (const [order, side] of sides.entries()) {
      const dy = side === 0 ? -size.height / 2 : side < 0 ? -size.height - LABEL_GAP : LABEL_GAP;
      const box = { x: at.x - size.width / 2, y: at.y + dy, width: size.width, height: size.height };
      const area = size.width * size.height || 1;
      const onSteps = obstacles.reduce((sum, b) => sum + overlap(box, grow(b, 3)), 0) / area;
      const onLine = line.filter((p) => inside(p, grow(box, -1))).length;
      const score = onSteps * 1000 + onLine * 20 + rank * 2 + order;
      if (score < bestScore) {
        bestScore = score;
        best = box;
      }
    }
  }
  return best as Box;
}

/** Steps that could matter to a join between these ends: in its columns, any height (a lane may pass above or below them). */
export function nearJoin(from: Point, to: Point, obstacles: readonly Box[], labelWidth: number): Box[] {
  const lo = Math.min(from.x, to.x) - STUB - labelWidth;
  const hi = Math.max(from.x, to.x) + STUB + labelWidth;
  return obstacles.filter((b) => b.x < hi && b.x + b.width > lo);
}

function bezier({ from, c1, c2, to }: { from: Point; c1: Point; c2: Point; to: Point }, t: number): Point {
  const u = 1 - t;
  const [a, b, c, d] = [u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t];
  return { x: a * from.x + b * c1.x + c * c2.x + d * to.x, y: a * from.y + b * c1.y + c * c2.y + d * to.y };
}

const along = (a: Point, b: Point, t: number): Point => ({ x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t });
const distance = (a: Point, b: Point) => Math.hypot(b.x - a.x, b.y - a.y);
const toward = (from: Point, to: Point, by: number): Point => {
  const d = distance(from, to) || 1;
  return { x: from.x + ((to.x - from.x) * by) / d, y: from.y + ((to.y - from.y) * by) / d };
};
const grow = (box: Box, by: number): Box => ({ x: box.x - by, y: box.y - by, width: box.width + 2 * by, height: box.height + 2 * by });
const inside = (p: Point, box: Box) => p.x > box.x && p.x < box.x + box.width && p.y > box.y && p.y < box.y + box.height;
const n = (value: number) => Math.round(value * 10) / 10;

function overlap(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}
