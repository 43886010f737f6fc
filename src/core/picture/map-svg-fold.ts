import type { Box, JoinRoute, Point } from '../layout/join-route';
import { sampleRoute } from '../layout/join-route';
import type { Join } from '../model';
import { crossRowRoute, cutIntoRows, gapsFor, type Room, type RowExtent, type Size, stackRows } from './fold-rows';
import { grow } from './label-place';
import type { JoinLayout } from './map-svg-join';

/**
 * The picture's steps and joins folded into rows for a room (fold-rows.ts), or null when one row
 * draws the map largest there. `measure` lays out one join as mapToSvg does (between rows, along
 * the route given); `outer` is the whole picture's size for a drawing of a given size.
 */
export function foldIntoRows(
  boxes: readonly Box[],
  ids: readonly string[],
  joins: readonly Join[],
  measure: (join: Join, from: Box, to: Box, obstacles: readonly Box[], route?: (start: Point, tip: Point) => JoinRoute) => JoinLayout,
  room: Room,
  outer: (drawing: Size) => Size,
): { boxes: Box[]; joins: JoinLayout[] } | null {
  const { rowOf, lefts } = cutIntoRows(boxes, room, outer);
  if (lefts.length < 2) return null;
  const indexOf = new Map(ids.map((id, i) => [id, i]));
  // Every row moved to the left edge, its steps at their own heights, so joins within a row are routed as the team drew them.
  const inLine = boxes.map((box, i) => ({ ...box, x: box.x - lefts[rowOf[i]] }));
  const rows = lefts.map((_, r) => inLine.filter((_, i) => rowOf[i] === r));

  const within: { layout: JoinLayout; row: number }[] = [];
  const between: { join: Join; from: number; to: number }[] = [];
  for (const join of joins) {
    const [from, to] = [indexOf.get(join.from), indexOf.get(join.to)];
    if (from === undefined || to === undefined) continue;
    const row = rowOf[from];
    if (row === rowOf[to]) within.push({ layout: measure(join, inLine[from], inLine[to], rows[row]), row });
    else between.push({ join, from, to });
  }

  const extents = rows.map((row, r) => extentOf(row, within.filter((w) => w.row === r).map((w) => w.layout)));
  const lanesIn: number[] = new Array(lefts.length - 1).fill(0);
  const routes = between.map(({ from, to }) => {
    const gaps = gapsFor(rowOf[from], rowOf[to]);
    const out = lanesIn[gaps.out]++;
    return { gaps, lanes: { out, into: gaps.into === gaps.out ? out : lanesIn[gaps.into]++ } };
  });
  const stack = stackRows(extents, lanesIn);
  const placed = inLine.map((box, i) => ({ ...box, y: box.y + stack.shifts[rowOf[i]] }));
  const rowsRight = Math.max(...placed.map((box) => box.x + box.width));

  return {
    boxes: placed,
    joins: [
      ...within.map(({ layout, row }) => moveDown(layout, stack.shifts[row])),
      ...between.map(({ join, from, to }, k) => {
        const { gaps, lanes } = routes[k];
        const lanesY = { out: stack.laneY(gaps.out, lanes.out), into: stack.laneY(gaps.into, lanes.into) };
        return measure(join, placed[from], placed[to], [], (start, tip) => crossRowRoute(start, tip, lanesY, lanes.out, placed, rowsRight));
      }),
    ],
  };
}

/** What a row takes up and down the page: its steps with their rings, its joins' lines, and room for a lane's label. */
function extentOf(steps: readonly Box[], joins: readonly JoinLayout[]): RowExtent {
  const ys = steps.flatMap((box) => {
    const ring = grow(box, 8);
    return [ring.y, ring.y + ring.height];
  });
  for (const join of joins) {
    const label = join.route.kind === 'lane' ? join.labelSize.height + 6 : 0;
    for (const p of sampleRoute(join.route, 16)) ys.push(p.y - join.arrowSize / 2 - label, p.y + join.arrowSize / 2 + label);
  }
  return { top: Math.min(...ys), bottom: Math.max(...ys) };
}

function moveDown(layout: JoinLayout, dy: number): JoinLayout {
  const down = (p: Point): Point => ({ x: p.x, y: p.y + dy });
  const route: JoinRoute =
    layout.route.kind === 'curve'
      ? { kind: 'curve', from: down(layout.route.from), c1: down(layout.route.c1), c2: down(layout.route.c2), to: down(layout.route.to) }
      : { ...layout.route, points: layout.route.points.map(down) };
  return { ...layout, route, tip: down(layout.tip) };
}
