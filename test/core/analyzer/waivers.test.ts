import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analyzer';
import { buildMap, line } from './build';

const waiver = (rule: string, target: string, reason = 'accepted') => ({ rule, target, reason, by: 'COO', at: '2026-11-20' });

describe('waivers', () => {
  const steps = [
    { id: 'a', kind: 'ai' as const, overrideRate: 0.3 },
    { id: 'b', kind: 'ai' as const, overrideRate: 0.3 },
  ];

  it('waive the finding whose rule and first target match, and quote the first matching waiver', () => {
    const map = line(steps, { waivers: [waiver('override-rate', 'a', 'first'), waiver('override-rate', 'a', 'second')] });
    const [a, b] = analyze(map).findings.filter((f) => f.rule === 'override-rate');
    expect(a).toMatchObject({ targets: ['a'], waived: true, waiver: { reason: 'first', by: 'COO', at: '2026-11-20' } });
    expect(b).toMatchObject({ targets: ['b'], waived: false });
    expect(b.waiver).toBeUndefined();
  });

  it('do not match another rule, or a target that is not the first', () => {
    // unverified-ai-output targets [ai, end]: a waiver on the end does not match
    const map = line(steps, { waivers: [waiver('human-join', 'a'), waiver('unverified-ai-output', 'out')] });
    expect(analyze(map).findings.every((f) => !f.waived)).toBe(true);
  });

  it('keep waived findings in the output but out of the scores, the counts of open ones and the triage', () => {
    const map = line([{ id: 'a', kind: 'ai', owner: 'Ops', overrideRate: 0.3 }], {
      waivers: [waiver('override-rate', 'a'), waiver('unverified-ai-output', 'a')],
    });
    const result = analyze(map);
    expect(result.findings.map((f) => [f.rule, f.waived])).toEqual([
      ['unverified-ai-output', true],
      ['override-rate', true],
    ]);
    expect(result.scores.evaluation.score).toBe(5);
    expect(result.metrics.counts).toMatchObject({ open: 0, waived: 2 });
    expect(result.triage.blocker).toBeNull();
  });

  it('can waive a finding about the whole map by the map’s id', () => {
    const map = buildMap([{ id: 'a', kind: 'human', owner: 'Ops' }], [], { waivers: [waiver('dangling-step', 'm')] });
    expect(analyze(map).findings).toMatchObject([{ rule: 'dangling-step', targets: ['m'], waived: true }]);
  });
});
