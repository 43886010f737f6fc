import type { Join, StallMap, Step } from '../src/core/model';

/**
 * Generated maps for benchmarks, shaped like drawn ones scaled up: a line from a start to an end
 * made of segments (a person's step, an AI step and its check, an approval, a fork that merges
 * again, a hand-off step), with rework loops back, side entries (several starts), early exits
 * (several ends), a few steps left dangling, and numbers and owners sometimes missing.
 */

function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateMap(size: number, seed = 1): StallMap {
  const rand = random(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)];
  const maybe = <T>(p: number, value: T) => (rand() < p ? value : undefined);
  const minutes = (max: number) => maybe(0.9, Math.round(rand() * max));
  const steps: Step[] = [];
  const joins: Join[] = [];
  const add = (kind: Step['kind'], extra: Partial<Step> = {}): string => {
    const id = `s${steps.length}`;
    const owner = kind === 'start' || kind === 'end' ? undefined : pick(['Ops lead', 'Finance lead', 'Legal lead', 'TBD', undefined, 'QA lead']);
    steps.push({ id, kind, label: `${kind} ${steps.length}`, ...(owner ? { owner } : {}), ...extra });
    return id;
  };
  const join = (from: string, to: string, extra: Partial<Join> = {}) => {
    joins.push({ id: `j${joins.length}`, from, to, handoff: pick(['system', 'system', 'manual', 'meeting'] as const), waitMinutes: minutes(600), ...extra });
  };
  let tail = add('start');
  const line: string[] = [tail];
  while (steps.length < size - 1) {
    const segment = rand();
    if (segment < 0.3) {
      const ai = add('ai', { workMinutes: minutes(5), manualMinutes: minutes(90), overrideRate: maybe(0.8, Math.round(rand() * 40) / 100) });
      const check = add('verification', { workMinutes: minutes(60), waitMinutes: minutes(240), sampleRate: pick([1, 1, 0.5, 0.1]), ...(rand() < 0.5 ? { verifies: [ai] } : {}) });
      join(tail, ai);
      join(ai, check);
      tail = check;
    } else if (segment < 0.55) {
      const step = add(pick(['human', 'system', 'handoff'] as const), { workMinutes: minutes(60), waitMinutes: minutes(480) });
      join(tail, step);
      tail = step;
    } else if (segment < 0.7) {
      const approval = add('approval', { workMinutes: minutes(15), waitMinutes: minutes(1440) });
      join(tail, approval);
      tail = approval;
    } else if (segment < 0.85) {
      // a fork into two or three parallel steps that merge again
      const merge = `s${steps.length + 3}`;
      const branches = [add('human', { workMinutes: minutes(30) }), add('ai', { workMinutes: minutes(2), manualMinutes: minutes(30) }), add('system')];
      const after = add('human', { workMinutes: minutes(10) });
      for (const b of branches) {
        join(tail, b);
        join(b, after);
      }
      if (after !== merge) throw new Error('generator bookkeeping');
      tail = after;
    } else if (segment < 0.95 && line.length > 5) {
      // a rework loop back a few segments
      join(tail, line[line.length - 1 - Math.floor(rand() * 5)], { handoff: 'manual', label: 'rework' });
    } else if (segment < 0.97) {
      const side = add('start');
      join(side, tail);
    } else if (segment < 0.99) {
      const exit = add('end');
      join(tail, exit);
    } else {
      add(pick(['human', 'ai'] as const)); // left dangling
    }
    line.push(tail);
  }
  join(tail, add('end'));
  return { format: 'stallmap/map', version: 2, id: `bench-${size}`, title: `Generated map of ${size} steps`, steps, joins, waivers: [], comments: [] };
}


/**
 * Places the map's steps on a grid, `perRow` to a row (240 by 140 apart: no two boxes touch), as a
 * map that was laid out: opening it places nothing. Returns the map, changed.
 */
export function placeOnGrid(map: StallMap, perRow: number): StallMap {
  for (const [i, step] of map.steps.entries()) step.position = { x: (i % perRow) * 240, y: Math.floor(i / perRow) * 140 };
  return map;
}
