import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { layeredLayout } from '../../../src/core/layout/layered';
import type { LayoutSizes, Size } from '../../../src/core/layout/layout-sizes';
import type { Join, Position, Step } from '../../../src/core/model';

/**
 * The layout for maps too big for ELK, on random maps: steps of random sizes, joins between
 * random steps (loops, joins to itself, repeated joins and pieces joined to nothing allowed).
 */

const KINDS = ['start', 'human', 'ai', 'system', 'approval', 'end'] as const;
const HANDOFFS = ['system', 'manual', 'meeting'] as const;

const randomMap = fc.integer({ min: 1, max: 40 }).chain((count) =>
  fc.record({
    steps: fc.array(fc.record({ kind: fc.constantFrom(...KINDS), size: fc.option(fc.record({ width: fc.integer({ min: 40, max: 420 }), height: fc.integer({ min: 24, max: 220 }) }), { nil: undefined }) }), {
      minLength: count,
      maxLength: count,
    }),
    joins: fc.array(
      fc.record({
        from: fc.nat(count - 1),
        to: fc.nat(count - 1),
        handoff: fc.constantFrom(...HANDOFFS),
        label: fc.option(fc.string({ minLength: 1, maxLength: 40 }), { nil: undefined }),
        labelSize: fc.option(fc.record({ width: fc.integer({ min: 0, max: 260 }), height: fc.integer({ min: 16, max: 40 }) }), { nil: undefined }),
      }),
      { maxLength: count * 2 },
    ),
  }),
);

type RandomMap = typeof randomMap extends fc.Arbitrary<infer T> ? T : never;

function build(random: RandomMap): { map: { steps: Step[]; joins: Join[] }; sizes: LayoutSizes; size: (id: string) => Size } {
  const steps: Step[] = random.steps.map((s, i) => ({ id: `s${i}`, kind: s.kind, label: `step ${i}` }));
  const joins: Join[] = random.joins.map((j, i) => ({ id: `j${i}`, from: `s${j.from}`, to: `s${j.to}`, handoff: j.handoff, ...(j.label ? { label: j.label } : {}) }));
  const sizes: LayoutSizes = { steps: {}, labels: {} };
  for (const [i, s] of random.steps.entries()) if (s.size && sizes.steps) sizes.steps[`s${i}`] = s.size;
  for (const [i, j] of random.joins.entries()) if (j.labelSize && sizes.labels) sizes.labels[`j${i}`] = j.labelSize;
  return { map: { steps, joins }, sizes, size: (id) => sizes.steps?.[id] ?? { width: 200, height: 96 } };
}

const overlapping = (a: Position, as: Size, b: Position, bs: Size) => a.x < b.x + bs.width && b.x < a.x + as.width && a.y < b.y + bs.height && b.y < a.y + as.height;

/** Whether `to` leads back to `from` (then the join from → to is part of a cycle). */
function leadsTo(joins: readonly Join[], start: string, goal: string): boolean {
  const seen = new Set([start]);
  const queue = [start];
  while (queue.length > 0) {
    const at = queue.shift() as string;
    if (at === goal) return true;
    for (const j of joins) {
      if (j.from === at && !seen.has(j.to)) {
        seen.add(j.to);
        queue.push(j.to);
      }
    }
  }
  return false;
}

describe('layered layout for huge maps', () => {
  it('places every step at integer coordinates, no two steps overlapping', () => {
    fc.assert(
      fc.property(randomMap, (random) => {
        const { map, sizes, size } = build(random);
        const at = layeredLayout(map, sizes);
        expect(Object.keys(at).sort()).toEqual(map.steps.map((s) => s.id).sort());
        for (const p of Object.values(at)) {
          expect(Number.isInteger(p.x) && Number.isInteger(p.y), JSON.stringify(p)).toBe(true);
        }
        for (const [i, a] of map.steps.entries()) {
          for (const b of map.steps.slice(i + 1)) {
            expect(overlapping(at[a.id], size(a.id), at[b.id], size(b.id)), `${a.id} ${b.id}`).toBe(false);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('runs every join that is not part of a loop left to right', () => {
    fc.assert(
      fc.property(randomMap, (random) => {
        const { map, sizes, size } = build(random);
        const at = layeredLayout(map, sizes);
        for (const join of map.joins) {
          if (leadsTo(map.joins, join.to, join.from)) continue;
          expect(at[join.to].x, `${join.from} → ${join.to}`).toBeGreaterThan(at[join.from].x + size(join.from).width);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same map the same layout every time, leaving the map as it was', () => {
    fc.assert(
      fc.property(randomMap, (random) => {
        const { map, sizes } = build(random);
        const before = structuredClone({ map, sizes });
        const first = layeredLayout(map, sizes);
        expect({ map, sizes }).toEqual(before);
        expect(layeredLayout(structuredClone(map), structuredClone(sizes))).toEqual(first);
      }),
      { numRuns: 200 },
    );
  });

  it('leaves room for each label between two steps joined in a row, and ELK’s spacing when there is none', () => {
    const map = {
      steps: ['a', 'b', 'c', 'd'].map((id) => ({ id, kind: 'human' as const, label: id })),
      joins: [
        { id: 'j1', from: 'a', to: 'b', handoff: 'manual' as const, label: 'a rather long hand-off label' },
        { id: 'j2', from: 'b', to: 'c', handoff: 'system' as const },
        { id: 'j3', from: 'c', to: 'd', handoff: 'system' as const },
      ],
    };
    const at = layeredLayout(map, { labels: { j1: { width: 230, height: 22 }, j2: { width: 70, height: 22 }, j3: { width: 0, height: 0 } } });
    // As ELK lays out the same chain (36 either side of the label): starting at 12, 12.
    expect(at).toEqual({ a: { x: 12, y: 12 }, b: { x: 12 + 200 + 302, y: 12 }, c: { x: 514 + 200 + 142, y: 12 }, d: { x: 856 + 200 + 72, y: 12 } });
  });

  it('puts the start first and a rework loop’s target before its source', () => {
    const map = {
      steps: ['end', 'check', 'do', 'start'].map((id) => ({ id, kind: (id === 'start' || id === 'end' ? id : 'human') as Step['kind'], label: id })),
      joins: [
        { id: 'j1', from: 'start', to: 'do', handoff: 'manual' as const },
        { id: 'j2', from: 'do', to: 'check', handoff: 'manual' as const },
        { id: 'j3', from: 'check', to: 'do', handoff: 'manual' as const, label: 'rework' },
        { id: 'j4', from: 'check', to: 'end', handoff: 'manual' as const },
      ],
    };
    const at = layeredLayout(map);
    const order = Object.entries(at)
      .sort(([, a], [, b]) => a.x - b.x)
      .map(([id]) => id);
    expect(order).toEqual(['start', 'do', 'check', 'end']);
  });
});
