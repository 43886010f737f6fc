import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analyzer';
import { buildMap, line } from './build';

describe('metrics', () => {
  it('counts only AI steps on the critical path, never a negative saving, missing numbers as 0', () => {
    const map = buildMap(
      [
        { id: 'in', kind: 'start' },
        { id: 'fast', kind: 'ai', workMinutes: 2, manualMinutes: 30 }, // saves 28
        { id: 'slow', kind: 'ai', workMinutes: 50, manualMinutes: 20 }, // slower than by hand: saves 0, not −30
        { id: 'bare', kind: 'ai' }, // no numbers: saves 0, weighs 0
        { id: 'side', kind: 'ai', workMinutes: 1, manualMinutes: 500 }, // off the critical path
        { id: 'out', kind: 'end' },
      ],
      [['in', 'fast'], ['fast', 'slow', { waitMinutes: 8 }], ['slow', 'bare'], ['bare', 'out'], ['in', 'side'], ['side', 'out']],
    );
    const { metrics } = analyze(map);
    // lead = 2 + 8 + 50 = 60; saved 28; before AI 88
    expect(metrics.criticalPath).toEqual(['in', 'in-fast', 'fast', 'fast-slow', 'slow', 'slow-bare', 'bare', 'bare-out', 'out']);
    expect(metrics.leadTimeMinutes).toBe(60);
    expect(metrics.aiSavedMinutes).toBe(28);
    expect(metrics.aiSavingShare).toBeCloseTo(28 / 88, 12);
    expect(metrics.waitShare).toBeCloseTo(8 / 60, 12);
  });

  it('reports shares of 0, not NaN, when there is no lead time', () => {
    for (const map of [line([{ id: 'a', kind: 'human' }]), buildMap([{ id: 'a', kind: 'ai', manualMinutes: 9 }])]) {
      const { metrics } = analyze(map);
      expect([metrics.leadTimeMinutes, metrics.aiSavedMinutes, metrics.aiSavingShare, metrics.waitShare]).toEqual([0, 0, 0, 0]);
    }
  });

  it('counts steps by kind and findings by rule, severity and surface, open and waived', () => {
    const map = line(
      [
        { id: 'a', kind: 'ai', owner: 'TBD', overrideRate: 0.5 },
        { id: 'h', kind: 'human' },
      ],
      { waivers: [{ rule: 'override-rate', target: 'a', reason: 'pilot', by: 'CTO', at: '2026-11-01' }] },
    );
    const { counts } = analyze(map).metrics;
    expect(counts.steps).toBe(4);
    expect(counts.joins).toBe(3);
    expect(counts.stepsByKind).toMatchObject({ start: 1, end: 1, ai: 1, human: 1, approval: 0 });
    // no-accountable-owner: a (error), h (warning); unverified-ai-output: a; override-rate: a (waived)
    expect(counts.findingsByRule).toMatchObject({ 'no-accountable-owner': 2, 'unverified-ai-output': 1, 'override-rate': 1, 'human-join': 0 });
    expect(counts.findingsBySeverity).toEqual({ error: 1, warning: 3, info: 0 });
    expect(counts.findingsBySurface).toEqual({ architecture: 0, workflow: 2, evaluation: 1, governance: 1, stabilization: 0 });
    expect([counts.open, counts.waived]).toEqual([3, 1]);
  });
});
