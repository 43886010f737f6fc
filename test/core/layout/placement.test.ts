import { describe, expect, it } from 'vitest';
import { findFreeSpot, overlaps, placeAfter, placeInView, resolveOverlaps, STEP_BOX, STEP_MARGIN, type Box, type PlacedStep } from '../../../src/core/layout/placement';

const box = (x: number, y: number): Box => ({ x, y, ...STEP_BOX });
const noOverlap = (boxes: Box[]) => boxes.every((a, i) => boxes.every((b, j) => i === j || !overlaps(a, b)));

describe('placement of a new step', () => {
  it('keeps the wanted spot when it is free, and never lands on a step when it is not', () => {
    expect(findFreeSpot({ x: 0, y: 0 }, STEP_BOX, [box(400, 0)])).toEqual({ x: 0, y: 0 });
    const taken = [box(0, 0)];
    const spot = findFreeSpot({ x: 10, y: 10 }, STEP_BOX, taken);
    expect(overlaps(box(spot.x, spot.y), taken[0], STEP_MARGIN - 1)).toBe(false);
    // Nearby, not far away: within one step's width and height of where it was wanted.
    expect(Math.hypot(spot.x - 10, spot.y - 10)).toBeLessThan(STEP_BOX.width + STEP_BOX.height);
  });

  it('fills a crowded view without stacking: twenty palette clicks give twenty separate steps', () => {
    const view = { x: 0, y: 0, width: 1000, height: 700 };
    const placed: Box[] = [];
    for (let i = 0; i < 20; i++) {
      const p = placeInView(view, STEP_BOX, placed);
      placed.push(box(p.x, p.y));
    }
    expect(noOverlap(placed)).toBe(true);
  });

  it('puts the next step to the right of the one it follows, and a second next step beside the first', () => {
    const from = box(0, 0);
    const first = placeAfter(from, STEP_BOX, [from]);
    expect(first.x).toBeGreaterThan(from.x + from.width);
    expect(first.y).toBe(0);
    const second = placeAfter(from, STEP_BOX, [from, box(first.x, first.y)]);
    expect(second.x).toBe(first.x);
    expect(noOverlap([from, box(first.x, first.y), box(second.x, second.y)])).toBe(true);
  });
});

describe('settling steps added at the same moment', () => {
  it('gives ten steps stacked on one spot ten spots, the lowest id staying put, and the same answer whatever the order they arrived in', () => {
    const old: PlacedStep = { id: 'human-old', position: { x: 0, y: 0 } };
    const pile: PlacedStep[] = Array.from({ length: 10 }, (_, i) => ({ id: `human-${String.fromCharCode(106 - i)}`, position: { x: 300, y: 0 } }));
    const fresh = new Set(pile.map((s) => s.id));
    const moves = resolveOverlaps([old, ...pile], fresh);
    const reversed = resolveOverlaps([...pile].reverse().concat(old), fresh);
    expect([...reversed].sort()).toEqual([...moves].sort());
    const lowest = [...fresh].sort()[0];
    expect(moves.has(lowest)).toBe(false);
    expect(moves.has(old.id)).toBe(false);
    expect(moves.size).toBe(9);
    const final = [old, ...pile].map((s) => moves.get(s.id) ?? s.position).map((p) => box(p.x, p.y));
    expect(noOverlap(final)).toBe(true);
  });

  it('moves a new step off an older one, whatever their ids, and leaves steps apart alone', () => {
    const moves = resolveOverlaps([{ id: 'z-old', position: { x: 0, y: 0 } }, { id: 'a-new', position: { x: 20, y: 20 } }, { id: 'b-new', position: { x: 900, y: 0 } }], new Set(['a-new', 'b-new']));
    expect([...moves.keys()]).toEqual(['a-new']);
  });

  it('never moves a new step onto a step a late page counts as new too, whatever their ids', () => {
    // A pile of three new steps ringed by steps that were there all along, but which a page that
    // opened late first saw a moment ago (so counts as fresh), their ids sorting after the pile's.
    const pitch = { x: STEP_BOX.width + STEP_MARGIN, y: STEP_BOX.height + STEP_MARGIN };
    const ring: PlacedStep[] = [];
    for (let dx = -2; dx <= 2; dx++) for (let dy = -2; dy <= 2; dy++) if (dx || dy) ring.push({ id: `old-${dx}-${dy}`, position: { x: dx * pitch.x, y: dy * pitch.y } });
    const pile: PlacedStep[] = ['human-a', 'human-b', 'human-c'].map((id) => ({ id, position: { x: 0, y: 0 } }));
    const steps = [...ring, ...pile];
    const moves = resolveOverlaps(steps, new Set(steps.map((s) => s.id)));
    expect([...moves.keys()].sort()).toEqual(['human-b', 'human-c']);
    const final = steps.map((s) => moves.get(s.id) ?? s.position).map((p) => box(p.x, p.y));
    expect(noOverlap(final)).toBe(true);
  });
});
