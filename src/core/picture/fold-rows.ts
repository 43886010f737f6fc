import { boundsOf } from '../layout/bounds';
import type { Box, JoinRoute, Point } from '../layout/join-route';

/**
 * A long map folded into rows for a page, read like lines of text: a workflow drawn left to
 * right is often ten times wider than it is tall (the invoice template: 3,500 px by 400), and a
 * printed page shrinks it to its width, labels and all, until nothing can be read. Folded, the
 * same steps fill the page's height too and are drawn several times larger. The cuts fall only
 * where no step spans them, between the map's columns, so no step and none of the team's own
 * arrangement within a row changes; a join that crosses from one row to another runs out to the
 * right, down (or up) the side of the rows, along the gap beside its target's row, and in from
 * the left. Pure geometry in the map's coordinates.
 */

/** Where a picture is shown, in CSS pixels (a printed page's column, or part of one). */
export interface Room {
  width: number;
  height: number;
}

/** A size in the picture's own pixels. */
export interface Size {
  width: number;
  height: number;
}

/** Which row each step is in, and each row's left edge in the map's coordinates. */
export interface RowCut {
  rowOf: readonly number[];
  lefts: readonly number[];
}

/** Up to this many rows: more is a page of slivers. */
const MAX_ROWS = 12;
/**
 * A picture drawn at least this large in its room is left as the team drew it: its step labels
 * (13 px) print at 6 pt or more, which a reader can read.
 */
const LEGIBLE = 0.6;
/** Fewer rows win unless more draw the picture this much larger. */
const WORTH_FOLDING = 1.15;
/** Steps closer than this in x stay in one column: a cut needs room on both sides. */
const CUT_ROOM = 16;
/** What one row's steps need around them, as guessed while choosing how many rows (their lanes and labels). */
const ROW_ROOM_GUESS = 72;

/**
 * How to cut the map into rows so that it is drawn largest in the room: `outer` tells the whole
 * picture's size (title, key, margins) for a drawing of a given size. One row (no fold) when
 * the map can be read as it is, or folding would not draw it clearly larger.
 */
export function cutIntoRows(boxes: readonly Box[], room: Room, outer: (drawing: Size) => Size): RowCut {
  const columns = columnsOf(boxes);
  if (columns.length < 2) return { rowOf: boxes.map(() => 0), lefts: [columns[0]?.left ?? 0] };
  const drawnAt = (rows: Column[][]) => {
    const widths = rows.map((row) => row[row.length - 1].right - row[0].left);
    const heights = rows.map((row) => boundsOf(row.flatMap((c) => c.members.map((i) => boxes[i]))).height);
    const folded = rows.length > 1;
    const drawing = {
      width: Math.max(...widths) + (folded ? 2 * GUTTER : 0),
      height: heights.reduce((sum, h) => sum + h, 0) + (rows.length - 1) * ROW_ROOM_GUESS,
    };
    const size = outer(drawing);
    return Math.min(room.width / size.width, room.height / size.height, 1);
  };
  let best = [columns];
  let bestScale = drawnAt(best);
  for (let count = 2; bestScale < LEGIBLE && count <= Math.min(MAX_ROWS, columns.length); count++) {
    const rows = partition(columns, count);
    const scale = drawnAt(rows);
    if (scale > bestScale * WORTH_FOLDING) [best, bestScale] = [rows, scale];
  }
  const rowOf: number[] = new Array(boxes.length).fill(0);
  best.forEach((row, r) => {
    for (const column of row) for (const i of column.members) rowOf[i] = r;
  });
  return { rowOf, lefts: best.map((row) => row[0].left) };
}

interface Column {
  left: number;
  right: number;
  members: number[];
}

/** The map's columns: runs of steps that overlap (or nearly) in x, left to right. */
function columnsOf(boxes: readonly Box[]): Column[] {
  const order = boxes.map((_, i) => i).sort((a, b) => boxes[a].x - boxes[b].x);
  const columns: Column[] = [];
  for (const i of order) {
    const box = boxes[i];
    const last = columns[columns.length - 1];
    if (last && box.x < last.right + CUT_ROOM) {
      last.right = Math.max(last.right, box.x + box.width);
      last.members.push(i);
    } else columns.push({ left: box.x, right: box.x + box.width, members: [i] });
  }
  return columns;
}

/** The columns in `count` rows (or fewer) whose widest row is as narrow as it can be. */
function partition(columns: readonly Column[], count: number): Column[][] {
  const rowsWithin = (limit: number) => {
    const rows: Column[][] = [];
    for (const column of columns) {
      const row = rows[rows.length - 1];
      if (row && column.right - row[0].left <= limit) row.push(column);
      else rows.push([column]);
    }
    return rows;
  };
  let lo = Math.max(...columns.map((c) => c.right - c.left));
  let hi = columns[columns.length - 1].right - columns[0].left;
  // Greedy filling is the narrowest for a given limit; halve the limit's range until it is within a pixel.
  while (hi - lo > 1) {
    const mid = (lo + hi) / 2;
    if (rowsWithin(mid).length <= count) hi = mid;
    else lo = mid;
  }
  return rowsWithin(hi);
}

/** The room a folded picture is guessed to need beside its rows, where joins between rows may run up and down. */
const GUTTER = 40;
const LANE_STEP = 10;
/** Between a row's lanes and the next row; a gap's labels sit below its lanes. */
const GAP_MARGIN = 16;
const LABEL_ROOM = 26;

/** One row as drawn before stacking: its top and bottom (steps, their rings and in-row joins) at the map's own heights. */
export interface RowExtent {
  top: number;
  bottom: number;
}

/** The rows stacked: how far each row moves down, and where each gap's lanes run. */
export interface Stack {
  shifts: readonly number[];
  /** For each gap (below row g), the y of its lane number j. */
  laneY(gap: number, lane: number): number;
}

/** `lanesIn[g]`: how many joins between rows run along the gap below row g. */
export function stackRows(extents: readonly RowExtent[], lanesIn: readonly number[]): Stack {
  const shifts: number[] = [];
  const laneTops: number[] = [];
  let y = extents[0]?.top ?? 0;
  extents.forEach((extent, r) => {
    shifts.push(y - extent.top);
    y += extent.bottom - extent.top;
    if (r === extents.length - 1) return;
    const lanes = lanesIn[r] ?? 0;
    laneTops.push(y + GAP_MARGIN);
    y += 2 * GAP_MARGIN + (lanes ? lanes * LANE_STEP + LABEL_ROOM : 0);
  });
  return { shifts, laneY: (gap, lane) => laneTops[gap] + lane * LANE_STEP };
}

/**
 * The gaps a join between rows runs along: the one its source's row opens onto in its direction
 * (below the row going down the page, above it going back up) and the one beside its target's
 * row on that side. They are one gap when the rows are next to each other.
 */
export function gapsFor(fromRow: number, toRow: number): { out: number; into: number } {
  return toRow > fromRow ? { out: fromRow, into: toRow - 1 } : { out: fromRow - 1, into: toRow };
}

/**
 * A join from one row to another: out of the source's right side and up or down clear of the
 * steps of its row into its gap; when the rows are not next to each other, along that gap past
 * the right end of every row (`rowsRight`) and on to its target's gap; then along it and, clear
 * of the steps of the target's row, into the target's left side. `lane` spreads the joins that
 * share a gap apart, on the way up and down as along the gap.
 */
export function crossRowRoute(start: Point, tip: Point, lanesY: { out: number; into: number }, lane: number, steps: readonly Box[], rowsRight: number): JoinRoute {
  const spread = lane * LANE_STEP;
  const out = clearX(start.x, start.x + STUB + spread, start.y, lanesY.out, steps);
  const into = -clearX(-tip.x, -(tip.x - STUB - spread), lanesY.into, tip.y, steps.map(mirrored));
  const side = rowsRight + STUB + spread;
  const past = lanesY.out === lanesY.into ? [] : [{ x: side, y: lanesY.out }, { x: side, y: lanesY.into }];
  return {
    kind: 'lane',
    above: false,
    points: [start, { x: out, y: start.y }, { x: out, y: lanesY.out }, ...past, { x: into, y: lanesY.into }, { x: into, y: tip.y }, tip],
  };
}

/** How far a join runs straight out of (and into) a step before it turns, as join-route.ts draws it. */
const STUB = 24;
/** How far a line going up or down keeps from a step's side. */
const CLEAR = 8;

/**
 * Where a line from y1 to y2 can run, right of `from`: at `preferred` when that is in the first
 * stretch clear of steps (a line out of a step turns there, so nothing may stand in that stretch
 * between the step and the turn), else in the middle of that stretch.
 */
function clearX(from: number, preferred: number, y1: number, y2: number, steps: readonly Box[]): number {
  const [top, bottom] = [Math.min(y1, y2), Math.max(y1, y2)];
  const blocked = steps
    .filter((b) => b.y < bottom && b.y + b.height > top && b.x + b.width + CLEAR > from)
    .map((b) => [b.x - CLEAR, b.x + b.width + CLEAR] as const)
    .sort((a, b) => a[0] - b[0]);
  let lo = from;
  for (const [left, right] of blocked) {
    if (right <= lo) continue;
    if (left > lo) return preferred >= lo && preferred <= left ? preferred : (lo + left) / 2;
    lo = right;
  }
  return Math.max(preferred, lo);
}

const mirrored = (box: Box): Box => ({ ...box, x: -(box.x + box.width) });
