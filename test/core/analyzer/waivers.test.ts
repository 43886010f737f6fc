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

  it('refuse a waiver of no-accountable-owner on an ai, approval or verification step: the finding stays open and the refusal is reported', () => {
    const map = line(
      [
        { id: 'a', kind: 'ai', overrideRate: 0.05 },
        { id: 'p', kind: 'approval' },
        { id: 'v', kind: 'verification', verifies: ['a'] },
        { id: 'h', kind: 'human' },
      ],
      { waivers: ['a', 'p', 'v', 'h'].map((id) => waiver('no-accountable-owner', id, `nobody owns ${id}`)) },
    );
    const result = analyze(map);
    const owners = result.findings.filter((f) => f.rule === 'no-accountable-owner');
    expect(owners.map((f) => [f.targets[0], f.waived])).toEqual(
      expect.arrayContaining([['a', false], ['p', false], ['v', false], ['h', true]]),
    );
    expect(result.waivers.refused.map((w) => w.target).sort()).toEqual(['a', 'p', 'v']);
    expect(result.waivers.refused[0].why).toMatch(/^Accountability cannot be waived/);
    // Said in the app's words for the kinds, as the panel and the plan show it to a leader.
    expect(Object.fromEntries(result.waivers.refused.map((w) => [w.target, w.why.split(' needs')[0]]))).toEqual({
      a: 'Accountability cannot be waived: an AI step',
      p: 'Accountability cannot be waived: an approval step',
      v: 'Accountability cannot be waived: a check step',
    });
    expect(result.waivers.stale).toEqual([]);
    expect(result.gates[0]).toMatchObject({ rule: 'no-accountable-owner', reason: 'accountability' });
    expect(result.metrics.counts.findingsBySeverity.error).toBeGreaterThan(0);
  });

  it('report waivers that match no finding as stale', () => {
    const map = line([{ id: 'a', kind: 'ai', owner: 'Ops', overrideRate: 0.3 }], {
      waivers: [waiver('override-rate', 'a'), waiver('human-join', 'a'), waiver('override-rate', 'gone')],
    });
    const result = analyze(map);
    expect(result.waivers.stale.map((w) => `${w.rule} ${w.target}`)).toEqual(['human-join a', 'override-rate gone']);
    expect(result.waivers.refused).toEqual([]);
  });
});

describe('rule settings that differ from the defaults', () => {
  it('are listed with their source, the map’s settings and a config file apart', () => {
    const map = line([{ id: 'a', kind: 'ai', owner: 'Ops', overrideRate: 0.3 }], {
      settings: { rules: { 'human-join': 'off', 'override-rate': ['warning', { maxOverrideRate: 0.15 }], 'approval-chain': 'warning' } },
    });
    const result = analyze(map, { config: { rules: { 'override-rate': ['warning', { maxOverrideRate: 0.4 }], 'nonsense-rule': 'off' } } });
    expect(result.settings).toEqual([
      { rule: 'human-join', source: 'map', severity: 'off' },
      { rule: 'override-rate', source: 'config', options: { maxOverrideRate: 0.4 } },
    ]);
    expect(analyze(line([{ id: 'a', kind: 'human', owner: 'Ops' }])).settings).toEqual([]);
  });
});
