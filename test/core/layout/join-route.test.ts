import { describe, expect, it } from 'vitest';
import { estimateLabelSize, layoutMap } from '../../../src/core/layout/elk';
import { type Box, distanceToRoute, placeLabel, routeJoin, sampleRoute } from '../../../src/core/layout/join-route';
import { templates } from '../../../src/core/templates';

const step = (x: number, y = 0): Box => ({ x, y, width: 200, height: 80 });
const right = (b: Box) => ({ x: b.x + b.width, y: b.y + b.height / 2 });
const left = (b: Box) => ({ x: b.x, y: b.y + b.height / 2 });
const inside = (p: { x: number; y: number }, b: Box) => p.x > b.x && p.x < b.x + b.width && p.y > b.y && p.y < b.y + b.height;
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('a join route and its label', () => {
  const row = [step(0), step(340), step(680), step(1020)];

  it('runs a forward join with a clear way as a curve, its label beside the line and on no step', () => {
    const route = routeJoin(right(row[0]), left(row[1]), row);
    expect(route.kind).toBe('curve');
    const label = placeLabel(route, { width: 110, height: 22 }, row);
    for (const b of row) expect(overlaps(label, b)).toBe(false);
    expect(sampleRoute(route, 48).filter((p) => inside(p, label))).toEqual([]);
  });

  it('tells how far a point is from a join, so a click picks the join it was on', () => {
    const curve = routeJoin(right(row[0]), left(row[1]), row);
    expect(distanceToRoute(curve, right(row[0]))).toBeCloseTo(0);
    expect(distanceToRoute(curve, { x: right(row[0]).x, y: right(row[0]).y - 30 })).toBeCloseTo(30, 0);
    const loop = routeJoin(right(row[3]), left(row[1]), row);
    if (loop.kind !== 'lane') throw new Error('expected a lane');
    const [a, b] = [loop.points[2], loop.points[3]];
    const onLane = { x: (a.x + b.x) / 2, y: a.y };
    expect(distanceToRoute(loop, onLane)).toBeCloseTo(0);
    // Between the steps the loop passes over, it is far from the lane.
    expect(distanceToRoute(loop, { x: onLane.x, y: row[2].y + row[2].height / 2 })).toBeGreaterThan(40);
  });

  it('takes a rework loop round the steps, not under them', () => {
    const route = routeJoin(right(row[3]), left(row[1]), row);
    expect(route.kind).toBe('lane');
    const points = sampleRoute(route, 96);
    for (const b of row) expect(points.filter((p) => inside(p, b))).toEqual([]);
    const label = placeLabel(route, { width: 140, height: 22 }, row);
    for (const b of row) expect(overlaps(label, b)).toBe(false);
  });

  it('takes a join that skips a step round it', () => {
    const route = routeJoin(right(row[0]), left(row[2]), row);
    expect(route.kind).toBe('lane');
    expect(sampleRoute(route, 96).filter((p) => inside(p, row[1]))).toEqual([]);
  });
});

describe('auto-layout leaves room for join labels', () => {
  it('puts at least a label’s width between steps joined in a row', async () => {
    const map = {
      steps: ['a', 'b', 'c'].map((id) => ({ id, kind: 'human' as const, label: id })),
      joins: [
        { id: 'j1', from: 'a', to: 'b', handoff: 'manual' as const, label: 'a rather long hand-off label' },
        { id: 'j2', from: 'b', to: 'c', handoff: 'system' as const },
      ],
    };
    const labels = { j1: { width: 230, height: 22 }, j2: { width: 70, height: 22 } };
    const at = await layoutMap(map, { steps: { a: { width: 200, height: 80 }, b: { width: 200, height: 80 }, c: { width: 200, height: 80 } }, labels });
    expect(at.b.x - (at.a.x + 200)).toBeGreaterThanOrEqual(230 + 24);
    expect(at.c.x - (at.b.x + 200)).toBeGreaterThanOrEqual(70 + 24);
  });

  it('gives every template stored positions with room between joined steps for their labels', () => {
    for (const { map } of templates) {
      const byId = new Map(map.steps.map((s) => [s.id, s.position ?? { x: 0, y: 0 }]));
      for (const join of map.joins) {
        const from = byId.get(join.from) as { x: number };
        const to = byId.get(join.to) as { x: number };
        // Forward joins only: a loop runs in a lane above the steps, with its label beside it.
        if (to.x > from.x) expect(to.x - (from.x + 200), `${map.id} ${join.id}`).toBeGreaterThanOrEqual(estimateLabelSize(join).width);
      }
    }
  });
});
