import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analyzer';
import { buildMap, type JoinSpec, type StepSpec } from './build';

/** The numbers behind staff time: the way most items go, the visits an item makes, and what is missing. */
const metricsOf = (steps: StepSpec[], joins: JoinSpec[], extra?: Record<string, unknown>) => analyze(buildMap(steps, joins, { version: 2, ...extra })).metrics;

describe('flow metrics', () => {
  // in → triage (human 10) → 80%: standard (human 20) | 20%: expert (human 120) → out
  const choice: [StepSpec[], JoinSpec[]] = [
    [
      { id: 'in', kind: 'start' },
      { id: 'triage', kind: 'human', owner: 'Ops', workMinutes: 10 },
      { id: 'standard', kind: 'human', owner: 'Ops', workMinutes: 20 },
      { id: 'expert', kind: 'human', owner: 'Ops', workMinutes: 120 },
      { id: 'out', kind: 'end' },
    ],
    [['in', 'triage', { handoff: 'system' }], ['triage', 'standard', { handoff: 'system', share: 0.8 }], ['triage', 'expert', { handoff: 'system', share: 0.2 }], ['standard', 'out', { handoff: 'system' }], ['expert', 'out', { handoff: 'system' }]],
  ];

  it('gives the typical lead time of the way most items go, beside the longest', () => {
    const metrics = metricsOf(...choice);
    expect(metrics.leadTimeMinutes).toBe(130);
    expect(metrics.typicalLeadTimeMinutes).toBe(30);
  });

  it('weighs each person’s work by the share of items that reach it', () => {
    // 10 + 0.8 × 20 + 0.2 × 120 = 50 minutes per item; 600 items a week: 500 hours; at 40 an hour: 20,000.
    const metrics = metricsOf(...choice, { volumePerWeek: 600, costPerHour: 40 });
    expect(metrics.staffMinutesPerItem).toBeCloseTo(50, 10);
    expect(metrics.staffHoursPerWeek).toBeCloseTo(500, 10);
    expect(metrics.staffCostPerWeek).toBeCloseTo(20000, 8);
  });

  it('counts parallel work that meets again once per item, and a rework loop at its rate', () => {
    // in → split: a (human 10) and b (human 20) in parallel → meet (human 5) → check (verification 8,
    // every item) → 25% back to meet (rework) → out. meet and check run 1 / (1 − 0.25) = 4/3 times.
    const metrics = metricsOf(
      [
        { id: 'in', kind: 'start' },
        { id: 'a', kind: 'human', owner: 'Ops', workMinutes: 10 },
        { id: 'b', kind: 'human', owner: 'Ops', workMinutes: 20 },
        { id: 'meet', kind: 'human', owner: 'Ops', workMinutes: 5 },
        { id: 'check', kind: 'verification', owner: 'Ops', workMinutes: 8, verifies: ['meet'] },
        { id: 'out', kind: 'end' },
      ],
      [
        ['in', 'a', { handoff: 'system' }],
        ['in', 'b', { handoff: 'system' }],
        ['a', 'meet', { handoff: 'system' }],
        ['b', 'meet', { handoff: 'system' }],
        ['meet', 'check', { handoff: 'system' }],
        ['check', 'meet', { handoff: 'system', rework: true, share: 0.25 }],
        ['check', 'out', { handoff: 'system', share: 0.75 }],
      ],
    );
    expect(metrics.staffMinutesPerItem).toBeCloseTo(10 + 20 + (4 / 3) * (5 + 8), 10);
    expect(metrics.missing).toEqual([]);
  });

  it('counts a sampled check at its sample, on the critical path and in staff time', () => {
    const metrics = metricsOf(
      [
        { id: 'in', kind: 'start' },
        { id: 'ai', kind: 'ai', owner: 'Ops', workMinutes: 2, manualMinutes: 40 },
        { id: 'chk', kind: 'verification', owner: 'Ops', workMinutes: 30, waitMinutes: 100, sampleRate: 0.1, verifies: ['ai'] },
        { id: 'out', kind: 'end' },
      ],
      [['in', 'ai', { handoff: 'system' }], ['ai', 'chk', { handoff: 'system' }], ['chk', 'out', { handoff: 'system' }]],
    );
    expect(metrics.leadTimeMinutes).toBeCloseTo(2 + 13, 10);
    expect(metrics.staffMinutesPerItem).toBeCloseTo(3, 10);
  });

  it('before AI: people do the AI’s work by hand, without the checks and the re-keying the AI created', () => {
    // An AI draft (2 min; 40 by hand) re-keyed for 10 min and re-checked for 30: staff 40 now,
    // 40 before AI: the AI saves no labour at all.
    const metrics = metricsOf(
      [
        { id: 'in', kind: 'start' },
        { id: 'ai', kind: 'ai', owner: 'Ops', workMinutes: 2, manualMinutes: 40 },
        { id: 'rekey', kind: 'handoff', owner: 'Ops', workMinutes: 10 },
        { id: 'chk', kind: 'verification', owner: 'Ops', workMinutes: 30, verifies: ['ai'] },
        { id: 'out', kind: 'end' },
      ],
      [['in', 'ai', { handoff: 'system' }], ['ai', 'rekey', { handoff: 'system' }], ['rekey', 'chk', { handoff: 'system' }], ['chk', 'out', { handoff: 'system' }]],
    );
    expect(metrics.staffMinutesPerItem).toBe(40);
    expect(metrics.staffMinutesBeforeAi).toBe(40);
  });

  it('says which numbers were missing, so that a 0 is never shown as a fact', () => {
    const metrics = metricsOf(
      [
        { id: 'in', kind: 'start' },
        { id: 'ai', kind: 'ai', owner: 'Ops' },
        { id: 'clerk', kind: 'human', owner: 'Ops' },
        { id: 'out', kind: 'end' },
      ],
      [['in', 'ai', { handoff: 'system' }], ['ai', 'clerk', { handoff: 'system' }], ['clerk', 'ai', { handoff: 'system' }], ['clerk', 'out', { handoff: 'system' }]],
    );
    expect(metrics.leadTimeMinutes).toBe(0);
    expect(metrics.missing).toEqual([
      { id: 'ai', field: 'workMinutes', affects: ['leadTime'] },
      { id: 'ai', field: 'manualMinutes', affects: ['aiSaving', 'staffBeforeAi'] },
      { id: 'clerk', field: 'workMinutes', affects: ['leadTime', 'staff', 'staffBeforeAi'] },
      { id: 'clerk-ai', field: 'share', affects: ['staff', 'staffBeforeAi'] },
    ]);
  });
});
