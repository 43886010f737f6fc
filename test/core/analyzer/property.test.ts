import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AnalysisResult, analyze, RULE_IDS, SURFACES } from '../../../src/core/analyzer';
import { HANDOFFS, parseMap, STEP_KINDS, type StallMap } from '../../../src/core/model';

/**
 * Random maps that pass the schema: any kinds, cycles and self-loops, orphans, several or no
 * starts and ends, numbers present or missing, placeholder owners, waivers and rule settings.
 */
const minutes = fc.option(fc.integer({ min: 0, max: 300 }), { nil: undefined });
const share = fc.option(fc.integer({ min: 0, max: 20 }).map((n) => n / 20), { nil: undefined });
const stepArb = fc.record({
  kind: fc.oneof({ arbitrary: fc.constantFrom(...STEP_KINDS), weight: 1 }, { arbitrary: fc.constantFrom('ai', 'approval', 'verification', 'human'), weight: 2 }),
  owner: fc.constantFrom(undefined, 'Ops lead', 'TBD', '  ', 'the team', 'Finance'),
  workMinutes: minutes,
  waitMinutes: minutes,
  manualMinutes: minutes,
  overrideRate: share,
  sampleRate: share,
  verifies: fc.option(fc.array(fc.nat(), { maxLength: 3 }), { nil: undefined }),
});
const joinArb = fc.record({
  from: fc.nat(),
  to: fc.nat(),
  handoff: fc.constantFrom(undefined, ...HANDOFFS),
  waitMinutes: minutes,
  label: fc.constantFrom(undefined, 'emailed'),
});
const mapArb = fc
  .record({
    steps: fc.array(stepArb, { maxLength: 12 }),
    joins: fc.array(joinArb, { maxLength: 16 }),
    /** Most maps have a line from a start to an end, as drawn maps do; the random joins add branches and loops. */
    backbone: fc.integer({ min: 0, max: 4 }).map((n) => n > 0),
    waivers: fc.array(fc.record({ rule: fc.constantFrom(...RULE_IDS), target: fc.nat() }), { maxLength: 4 }),
    setting: fc.constantFrom(undefined, 'off', 'info', 'warning', 'error'),
    settingRule: fc.constantFrom(...RULE_IDS),
  })
  .map(({ steps, joins, waivers, setting, settingRule, backbone }) => {
    if (!backbone || steps.length < 2) return toMap(steps, joins, waivers, setting, settingRule);
    const line = steps.map((step, i) => ({ ...step, kind: i === 0 ? 'start' : i === steps.length - 1 ? 'end' : step.kind }) as typeof step);
    const chain = line.slice(1).map((_, i) => ({ from: i, to: i + 1, handoff: undefined, waitMinutes: undefined, label: undefined }));
    return toMap(line, [...chain, ...joins], waivers, setting, settingRule);
  });

type Raw<T> = T extends fc.Arbitrary<infer U> ? U : never;

function toMap(
  rawSteps: Raw<typeof stepArb>[],
  rawJoins: Raw<typeof joinArb>[],
  rawWaivers: { rule: string; target: number }[],
  setting: string | undefined,
  settingRule: string,
): StallMap {
  const ids = rawSteps.map((_, i) => `s${i}`);
  const steps = rawSteps.map(({ verifies, sampleRate, ...step }, i) => {
    const checks = step.kind === 'verification' || step.kind === 'approval';
    return prune({
      id: ids[i],
      label: `Step ${i}`,
      ...step,
      sampleRate: step.kind === 'verification' ? sampleRate : undefined,
      verifies: checks && verifies ? [...new Set(verifies.map((v) => ids[v % ids.length]))] : undefined,
    });
  });
  const joins = ids.length
    ? rawJoins
        .map((j, k) => ({ ...j, id: `j${k}`, from: ids[j.from % ids.length], to: ids[j.to % ids.length] }))
        .filter((j) => rawSteps[Number(j.from.slice(1))].kind !== 'end' && rawSteps[Number(j.to.slice(1))].kind !== 'start')
        .map(prune)
    : [];
  const targets = [...ids, ...joins.map((j) => j.id), 'm'];
  const waivers = rawWaivers.map((w) => ({ rule: w.rule, target: targets[w.target % targets.length], reason: 'r', by: 'b', at: '2026-01-01' }));
  const parsed = parseMap({
    format: 'stallmap/map',
    version: 1,
    id: 'm',
    title: 'Random',
    steps,
    joins,
    waivers,
    ...(setting ? { settings: { rules: { [settingRule]: setting } } } : {}),
  });
  if (!parsed.ok) throw new Error(`generator made an invalid map: ${JSON.stringify(parsed.errors)}`);
  return parsed.map;
}

function prune<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed || 1;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Rules whose findings cannot depend on the order steps and joins are listed in. */
const ORDER_FREE = new Set(['human-join', 'verification-exceeds-work', 'no-accountable-owner', 'unverified-ai-output', 'override-rate', 'dangling-step']);
const keys = (result: AnalysisResult, rules: (rule: string) => boolean) =>
  result.findings
    .filter((f) => rules(f.rule))
    .map((f) => `${f.rule} ${f.severity} ${f.targets[0]} ${f.waived}`)
    .sort();

const runs = { numRuns: 300 };

describe('the analyzer on random valid maps', () => {
  it('never throws, and gives the same result twice', () => {
    fc.assert(
      fc.property(mapArb, (map) => {
        expect(JSON.stringify(analyze(map))).toBe(JSON.stringify(analyze(map)));
      }),
      runs,
    );
  });

  it('names only ids of the map, and keeps its invariants', () => {
    fc.assert(
      fc.property(mapArb, (map) => {
        const result = analyze(map);
        const ids = new Set([map.id, ...map.steps.map((s) => s.id), ...map.joins.map((j) => j.id)]);
        const { findings, metrics, scores, triage } = result;
        for (const finding of findings) {
          expect(finding.targets.length).toBeGreaterThan(0);
          for (const target of finding.targets) expect(ids.has(target)).toBe(true);
        }
        const ranks = findings.map((f) => RULE_IDS.indexOf(f.rule));
        expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
        for (const value of [metrics.aiSavingShare, metrics.waitShare, triage.confidence]) {
          expect(value).toBeGreaterThanOrEqual(0);
          expect(value).toBeLessThanOrEqual(1);
        }
        expect(metrics.leadTimeMinutes).toBeGreaterThanOrEqual(0);
        for (const surface of SURFACES) expect([1, 2, 3, 4, 5, null]).toContain(scores[surface].score);
        expect(scores.stabilization.score).toBeNull();
        expect(triage.confidence).toBeLessThan(1);
        if (triage.dominantSurface) expect(scores[triage.dominantSurface].score).toBeLessThanOrEqual(2);
        else expect(triage.nextMotion).toBe('expand under the rollout gate');
        expect(triage.sentence).not.toMatch(/NaN|Infinity|undefined/);
        expect(metrics.counts.open + metrics.counts.waived).toBe(findings.length);
        // steps and joins alternate along the critical path, from a start to an end
        const path = metrics.criticalPath;
        if (path.length) {
          const kinds = new Map(map.steps.map((s) => [s.id, s.kind]));
          expect(kinds.get(path[0])).toBe('start');
          expect(kinds.get(path[path.length - 1])).toBe('end');
          expect(path.map((id) => kinds.has(id))).toEqual(path.map((_, k) => k % 2 === 0));
        }
        // plain JSON: no NaN, Infinity or undefined hiding in the numbers
        expect(JSON.parse(JSON.stringify(result))).toEqual(result);
      }),
      runs,
    );
  });

  it('judges the same whatever order the steps and joins are listed in', () => {
    fc.assert(
      fc.property(mapArb, fc.nat(), (map, seed) => {
        const reordered = { ...map, steps: shuffled(map.steps, seed), joins: shuffled(map.joins, seed + 1) };
        const [a, b] = [analyze(map), analyze(reordered)];
        expect(keys(b, (r) => ORDER_FREE.has(r))).toEqual(keys(a, (r) => ORDER_FREE.has(r)));
        // Without loops nothing depends on which join a walk meets first: the critical path's
        // length and the approval count are the same too.
        if (!hasCycle(map)) {
          expect(b.metrics.leadTimeMinutes).toBe(a.metrics.leadTimeMinutes);
          expect(keys(b, (r) => r === 'approval-chain')).toEqual(keys(a, (r) => r === 'approval-chain'));
        }
      }),
      runs,
    );
  });
});

function hasCycle(map: StallMap): boolean {
  const out = new Map<string, string[]>(map.steps.map((s) => [s.id, []]));
  for (const j of map.joins) out.get(j.from)?.push(j.to);
  const indegree = new Map<string, number>(map.steps.map((s) => [s.id, 0]));
  for (const j of map.joins) indegree.set(j.to, (indegree.get(j.to) ?? 0) + 1);
  const ready = [...indegree].filter(([, d]) => d === 0).map(([id]) => id);
  let seen = 0;
  while (ready.length) {
    const id = ready.pop() as string;
    seen += 1;
    for (const to of out.get(id) ?? []) {
      indegree.set(to, (indegree.get(to) ?? 0) - 1);
      if (indegree.get(to) === 0) ready.push(to);
    }
  }
  return seen < map.steps.length;
}
