import { type Box, type JoinRoute, type Point, placeLabel, sampleRoute } from '../layout/join-route';

/**
 * Where a join's label goes in a picture. First as the canvas places it (join-route.ts: beside
 * the line near its middle, on no step), with the labels already placed counted as obstacles
 * too, since a picture shows every label at once. Where that still lands on a step or a label
 * (two steps closer than the label is wide), the label moves above or below them, with a leader
 * to its line, rather than be hidden: a picture cannot be zoomed into or hovered.
 */

export interface LabelPlace {
  box: Box;
  /** The point on the line the label belongs to; a leader joins them when the label had to move away. */
  anchor: Point;
  detached: boolean;
}

const SPOTS = [0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.18, 0.82];
const GAP = 4;
/** A flagged step's ring reaches this far outside its box (map-svg-step.ts). */
const RING = 8;
/** How far off the line a label may go, in steps of this many pixels. */
const FAR_STEP = 12;
const FAR_STEPS = 16;

export function placeJoinLabel(route: JoinRoute, size: { width: number; height: number }, steps: readonly Box[], placed: readonly Box[]): LabelPlace {
  const box = placeLabel(route, size, [...steps, ...placed]);
  if (!steps.some((s) => overlap(box, grow(s, RING)) > 0) && !placed.some((l) => overlap(box, grow(l, 2)) > 0)) {
    return { box, anchor: { x: box.x + box.width / 2, y: box.y + box.height / 2 }, detached: false };
  }
  return placeAway(sampleRoute(route, 48), size, steps, placed);
}

/** Candidates along the line and further and further above or below it; a step or a label under it costs most. */
function placeAway(line: readonly Point[], size: { width: number; height: number }, steps: readonly Box[], placed: readonly Box[]): LabelPlace {
  const near = size.height / 2 + GAP;
  const offsets: number[] = [];
  for (let k = 0; k <= FAR_STEPS; k++) offsets.push(-(near + k * FAR_STEP), near + k * FAR_STEP);
  const area = size.width * size.height || 1;
  let best: LabelPlace | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const t of SPOTS) {
    const anchor = line[Math.round(t * (line.length - 1))];
    for (const dy of offsets) {
      const box = { x: anchor.x - size.width / 2, y: anchor.y + dy - size.height / 2, width: size.width, height: size.height };
      const onSteps = steps.reduce((sum, step) => sum + overlap(box, grow(step, RING)), 0) / area;
      const onLabels = placed.reduce((sum, other) => sum + overlap(box, grow(other, 2)), 0) / area;
      const onLine = line.filter((p) => inside(p, box)).length / line.length;
      const detached = Math.abs(dy) > near;
      // A leader through a step, or to a point of the line a step hides, points at nothing.
      const leader = { x: anchor.x - 1, y: Math.min(anchor.y, box.y), width: 2, height: Math.abs(dy) };
      const hidden = steps.some((step) => inside(anchor, step) || (detached && overlap(leader, step) > 0)) ? 1 : 0;
      const score = onSteps * 1000 + onLabels * 300 + hidden * 50 + onLine * 30 + Math.abs(t - 0.5) * 20 + (Math.abs(dy) / size.height) * 2;
      if (score < bestScore) {
        bestScore = score;
        best = { box, anchor, detached };
      }
    }
  }
  return best as LabelPlace;
}

export function grow(box: Box, by: number): Box {
  return { x: box.x - by, y: box.y - by, width: box.width + 2 * by, height: box.height + 2 * by };
}

export function overlap(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

const inside = (p: Point, box: Box) => p.x >= box.x && p.x <= box.x + box.width && p.y >= box.y && p.y <= box.y + box.height;
