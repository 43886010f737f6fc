import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AnalysisResult, analyze } from '../../../src/core/analyzer';
import { HANDOFFS, parseMap, type StallMap } from '../../../src/core/model';
import { loadMap } from './fixtures';

/**
 * The metrics and findings of a map must not change when its steps and joins are reordered or
 * renamed: the same workflow drawn twice gives the same numbers. Random maps here have a line
 * from a start to an end, forks that meet again, loops back into those forks (marked as rework
 * or not, with rework rates or not), choices with shares, and external steps.
 */

const minutes = fc.option(fc.integer({ min: 0, max: 500 }), { nil: undefined });
const stepArb = fc.record({
  kind: fc.constantFrom('human', 'ai', 'approval', 'verification', 'system', 'handoff'),
  owner: fc.constantFrom(undefined, 'Ops lead', 'TBD', 'Counsel'),
  workMinutes: minutes,
  waitMinutes: minutes,
  manualMinutes: minutes,
  sampleRate: fc.constantFrom(undefined, 1, 0.5, 0.1),
  overrideRate: fc.constantFrom(undefined, 0.05, 0.3),
  external: fc.constantFrom(undefined, false, true),
});
const joinArb = fc.record({
  from: fc.nat(),
  to: fc.nat(),
  handoff: fc.constantFrom(...HANDOFFS),
  waitMinutes: minutes,
  share: fc.constantFrom(undefined, undefined, 0.1, 0.3, 0.7),
  rework: fc.constantFrom(undefined, undefined, true),
});
const mapArb = fc.record({ middle: fc.array(stepArb, { minLength: 2, maxLength: 10 }), extra: fc.array(joinArb, { maxLength: 12 }) }).map(({ middle, extra }) => {
  const steps = [
    { id: 's0', kind: 'start', label: 'Step 0' },
    ...middle.map((s, i) => prune({ id: `s${i + 1}`, label: `Step ${i + 1}`, ...s, sampleRate: s.kind === 'verification' ? s.sampleRate : undefined })),
    { id: `s${middle.length + 1}`, kind: 'end', label: `Step ${middle.length + 1}` },
  ];
  const n = steps.length;
  const pairs = new Set<string>();
  const joins: Record<string, unknown>[] = [];
  const add = (from: number, to: number, fields: Record<string, unknown>) => {
    if (from === n - 1 || to === 0 || pairs.has(`${from}>${to}`)) return; // no join leaves the end or enters the start
    pairs.add(`${from}>${to}`);
    joins.push(prune({ id: `j${joins.length}`, from: `s${from}`, to: `s${to}`, ...fields }));
  };
  for (let i = 0; i + 1 < n; i++) add(i, i + 1, { handoff: 'system' });
  for (const j of extra) add(j.from % n, j.to % n, { handoff: j.handoff, waitMinutes: j.waitMinutes, share: j.share, rework: j.rework });
  const parsed = parseMap({ format: 'stallmap/map', version: 2, id: 'm', title: 'Random', steps, joins, volumePerWeek: 100 });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.map;
});

function prune<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** The map with its steps and joins in another order and every id renamed; and the way back. */
function shuffleAndRename(map: StallMap, seed: number): { map: StallMap; back: Map<string, string> } {
  let state = seed >>> 0 || 1;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const shuffled = <T>(items: readonly T[]) => {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const k = Math.floor(random() * (i + 1));
      [copy[i], copy[k]] = [copy[k], copy[i]];
    }
    return copy;
  };
  const rename = new Map<string, string>();
  const ids = shuffled([...map.steps.map((s) => s.id), ...map.joins.map((j) => j.id)]);
  for (const [i, id] of ids.entries()) rename.set(id, `x${i}_${Math.floor(random() * 1e6)}`);
  const to = (id: string) => rename.get(id) ?? id;
  const renamed: StallMap = {
    ...map,
    steps: shuffled(map.steps).map((s) => ({ ...s, id: to(s.id), ...(s.verifies ? { verifies: s.verifies.map(to) } : {}) })),
    joins: shuffled(map.joins).map((j) => ({ ...j, id: to(j.id), from: to(j.from), to: to(j.to) })),
  };
  return { map: renamed, back: new Map([...rename].map(([a, b]) => [b, a])) };
}

/** Every string in the result that is a renamed id, named back. */
function renamedBack(result: AnalysisResult, back: Map<string, string>): AnalysisResult {
  return JSON.parse(JSON.stringify(result), (_key, value) => (typeof value === 'string' && back.has(value) ? back.get(value) : value));
}

const same = (map: StallMap, seed: number) => {
  const { map: other, back } = shuffleAndRename(map, seed);
  expect(renamedBack(analyze(other), back)).toEqual(JSON.parse(JSON.stringify(analyze(map))));
};

describe('order and ids do not change the analysis', () => {
  it('gives the same metrics, findings, impact and gates for a shuffled and renamed map (random maps with loops into parallel branches)', () => {
    fc.assert(
      fc.property(mapArb, fc.integer({ min: 1, max: 2 ** 31 }), (map, seed) => same(map, seed)),
      { numRuns: 150, seed: 20261130 },
    );
  });

  it('takes the same critical path whichever of a loop’s joins the file lists first', () => {
    // Legal review (1,000 min) and the price check (100 min) run in parallel after intake (10 min);
    // the decision (2 min) sends rejected requests back to legal review. Neither join order nor
    // ids may decide which join closes the loop: it is the one back towards the start.
    for (const name of ['rework-into-parallel-branch-ab', 'rework-into-parallel-branch-ba']) {
      const result = analyze(loadMap(`analyzer/loops/${name}.json`));
      expect(result.metrics.criticalPath).toEqual(['in', 'j-in', 'a', 'j-ab', 'b', 'j-bd', 'd', 'j-out', 'out']);
      expect(result.metrics.leadTimeMinutes).toBe(10 + 1000 + 2);
      const ambiguous = result.findings.filter((f) => f.rule === 'dangling-step');
      expect(ambiguous).toMatchObject([{ severity: 'info', targets: ['j-back'] }]);
      expect(ambiguous[0].message).toMatch(/mark the rework join/);
      same(loadMap(`analyzer/loops/${name}.json`), 7);
    }
  });

  it('needs no guess once the team marks the rework join', () => {
    const map = loadMap('analyzer/loops/rework-into-parallel-branch-ba.json');
    const marked = { ...map, joins: map.joins.map((j) => (j.id === 'j-back' ? { ...j, rework: true, share: 0.2 } : j)) };
    const result = analyze(marked);
    expect(result.metrics.leadTimeMinutes).toBe(1012);
    expect(result.findings.filter((f) => f.rule === 'dangling-step')).toEqual([]);
  });
});
