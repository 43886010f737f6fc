/**
 * Where a new step goes on the canvas: pure geometry, no React, no Yjs. A step never lands on
 * another: next to the step it follows when there is one, else in the free space nearest to where
 * the person is looking. `resolveOverlaps` settles steps that two people added at the same moment
 * on the same free spot (each page only knew its own).
 */

export interface Point {
  x: number;
  y: number;
}

export interface Size {
  width: number;
  height: number;
}

export interface Box extends Point, Size {}

/**
 * The box every page assumes for a step when pages must agree (resolveOverlaps): a step is 200 px
 * wide and, with a short label, an owner line and a duration line, about 90 px high. Measured
 * sizes differ by a pixel between browsers, and the settling must come out the same on every page.
 */
export const STEP_BOX: Size = { width: 200, height: 96 };

/** Space kept around a step: room to see it is a separate step and to grab its handles. */
export const STEP_MARGIN = 24;

/** Horizontal room between a step and the next one placed after it: room for the join's label. */
export const NEXT_GAP = 140;

/** Whether two boxes overlap, or come closer than `margin` to each other. */
export function overlaps(a: Box, b: Box, margin = 0): boolean {
  return a.x < b.x + b.width + margin && b.x < a.x + a.width + margin && a.y < b.y + b.height + margin && b.y < a.y + a.height + margin;
}

/**
 * The top-left corner nearest to `desired` where a box of `size` overlaps none of `obstacles`
 * (with `margin` between). Candidates lie on a grid of half a step around `desired`, tried nearest
 * first, so the answer is a short, predictable move rather than a far jump. If the neighbourhood is
 * full, the box goes right of everything.
 */
export function findFreeSpot(desired: Point, size: Size, obstacles: readonly Box[], margin = STEP_MARGIN): Point {
  const free = (p: Point) => !obstacles.some((o) => overlaps({ ...p, ...size }, o, margin));
  if (free(desired)) return { x: Math.round(desired.x), y: Math.round(desired.y) };
  for (const [dx, dy] of offsets((size.width + margin) / 2, (size.height + margin) / 2)) {
    const p = { x: desired.x + dx, y: desired.y + dy };
    if (free(p)) return { x: Math.round(p.x), y: Math.round(p.y) };
  }
  const right = Math.max(desired.x, ...obstacles.map((o) => o.x + o.width)) + margin;
  return { x: Math.round(right), y: Math.round(desired.y) };
}

const RINGS = 24;
const offsetCache = new Map<string, [number, number][]>();

/** Grid offsets around a point, nearest first; ties broken the same way on every page (right, then below). */
function offsets(cellX: number, cellY: number): [number, number][] {
  const key = `${cellX}x${cellY}`;
  const cached = offsetCache.get(key);
  if (cached) return cached;
  const list: { dx: number; dy: number; d: number; order: number }[] = [];
  for (let i = -RINGS; i <= RINGS; i++) {
    for (let j = -RINGS; j <= RINGS; j++) {
      if (i === 0 && j === 0) continue;
      const dx = i * cellX;
      const dy = j * cellY;
      list.push({ dx, dy, d: dx * dx + dy * dy, order: (i < 0 ? 2 : 0) + (j < 0 ? 1 : 0) });
    }
  }
  list.sort((a, b) => a.d - b.d || a.order - b.order || a.dx - b.dx || a.dy - b.dy);
  const sorted = list.map(({ dx, dy }): [number, number] => [dx, dy]);
  if (offsetCache.size > 16) offsetCache.clear();
  offsetCache.set(key, sorted);
  return sorted;
}

/**
 * Where the step added after `from` goes: to its right, centred on it, with room for the join's
 * label; if that is taken (a branch), the nearest free place in the same column, below first, so
 * branches fan out beside each other; failing that, the nearest free spot.
 */
export function placeAfter(from: Box, size: Size, obstacles: readonly Box[], margin = STEP_MARGIN): Point {
  const x = from.x + from.width + NEXT_GAP;
  const y = from.y + (from.height - size.height) / 2;
  const free = (p: Point) => !obstacles.some((o) => overlaps({ ...p, ...size }, o, margin));
  const row = size.height + margin;
  for (let k = 0; k <= 6; k++) {
    for (const sign of k === 0 ? [0] : [1, -1]) {
      const p = { x, y: y + sign * k * row };
      if (free(p)) return { x: Math.round(p.x), y: Math.round(p.y) };
    }
  }
  return findFreeSpot({ x, y }, size, obstacles, margin);
}

/** Where a box of `size` goes in the visible part of the canvas: the free spot nearest its centre. */
export function placeInView(view: Box, size: Size, obstacles: readonly Box[], margin = STEP_MARGIN): Point {
  const centre = { x: view.x + view.width / 2 - size.width / 2, y: view.y + view.height / 2 - size.height / 2 };
  return findFreeSpot(centre, size, obstacles, margin);
}

export interface PlacedStep {
  id: string;
  position: Point;
}

/**
 * Settles steps added at the same moment by different people. Each page places its new step in
 * the free space it knows of; two pages that did not yet see each other's step pick the same spot.
 * The rule, computed the same way by every page from the same synced map:
 *
 * - steps not in `fresh` (those that stand on no other, core/layout/settling.ts) stay where they are;
 * - fresh steps are taken in id order (ids are random, so no one is favoured); a fresh step that
 *   overlaps a step already taken moves to the free spot nearest to where it is, else it stays.
 *
 * So of a pile of fresh steps the one with the lowest id stays, and every other gets its own spot
 * (each later one avoids the spots given to those before it). Every page gets the same answer,
 * and each moves only the steps it added itself: no step is moved by two people. A page that had
 * not yet seen every step computes again when the rest arrives; as the lowest fresh id of a pile
 * always stays put, every round leaves fewer overlaps.
 */
export function resolveOverlaps(steps: readonly PlacedStep[], fresh: ReadonlySet<string>, size: Size = STEP_BOX, margin = STEP_MARGIN): Map<string, Point> {
  const box = (p: Point): Box => ({ ...p, ...size });
  const taken: Box[] = steps.filter((s) => !fresh.has(s.id)).map((s) => box(s.position));
  const moves = new Map<string, Point>();
  const newcomers = steps.filter((s) => fresh.has(s.id)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const [k, step] of newcomers.entries()) {
    // Touching (within the margin) is allowed here; only a real overlap moves a step, so a step
    // placed close by hand is left alone.
    if (taken.some((t) => overlaps(box(step.position), t))) {
      // A moved step avoids where the fresh steps still to come stand too: one of them may be a
      // step nobody will move (an old step someone dragged onto a new one).
      const waiting = newcomers.slice(k + 1).map((s) => box(s.position));
      const spot = findFreeSpot(step.position, size, [...taken, ...waiting], margin);
      moves.set(step.id, spot);
      taken.push(box(spot));
    } else {
      taken.push(box(step.position));
    }
  }
  return moves;
}
