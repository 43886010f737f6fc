import { describe, expect, it } from 'vitest';
import {
  analyze,
  computeScores,
  computeTriage,
  dominantSurface,
  type Finding,
  type Gate,
  NO_STALL_MOTION,
  SURFACE_MOTIONS,
  SURFACES,
} from '../../../src/core/analyzer';
import { buildMap, line } from './build';
import { planMarkdown } from '../../../src/core/plan';

let next = 0;
function finding(surface: Finding['surface'], severity: Finding['severity'], waived = false, message = `finding ${++next}`, leadTimeMinutes = 0): Finding {
  return { rule: 'human-join', severity, surface, targets: ['x'], message, evidence: {}, waived, impact: { leadTimeMinutes, staffMinutesPerItem: 0 } };
}

/** A gate as gates.ts makes one from a finding. */
const gateOf = (f: Finding): Gate => ({
  rule: f.rule,
  targets: f.targets,
  severity: f.severity,
  message: f.message,
  reason: 'lead time',
  owner: { name: 'Ops', role: 'step owner', action: 'act' },
  impact: f.impact,
});
const map = line([{ id: 'a', kind: 'human' }]);
const LEAD = { leadTimeMinutes: 1000, staffMinutesPerItem: 100 };

describe('surface scores', () => {
  it('marks a surface no rule can observe as not assessed, never 5: stabilization always, evaluation and governance without an AI step', () => {
    const result = analyze(line([{ id: 'a', kind: 'human', owner: 'Ops', workMinutes: 5 }]));
    expect(result.scores.stabilization).toMatchObject({ score: null, stallDriver: false });
    expect(result.scores.stabilization.notAssessed).toMatch(/no rule observes it/);
    expect(result.scores.evaluation).toMatchObject({ score: null, notAssessed: 'the map has no AI step' });
    expect(result.scores.governance).toMatchObject({ score: null, notAssessed: 'the map has no AI step' });
    expect(result.scores.workflow.score).toBe(5);
    expect(result.scores.architecture.score).toBe(5);
    const noRate = analyze(line([{ id: 'a', kind: 'ai', owner: 'Ops', workMinutes: 1 }, { id: 'v', kind: 'verification', owner: 'Ops', workMinutes: 1 }]));
    expect(noRate.scores.evaluation).toMatchObject({ score: null, notAssessed: 'no AI step records its override rate' });
    const off = analyze(line([{ id: 'a', kind: 'ai', owner: 'Ops', overrideRate: 0.4 }], { settings: { rules: { 'override-rate': 'off' } } }));
    expect(off.scores.evaluation).toMatchObject({ score: null, notAssessed: 'its rule is turned off' });
  });

  it('does not saturate: four manual joins that wait nothing do not score 1, nor make a stall', () => {
    const steps = [
      { id: 'in', kind: 'start' as const },
      { id: 'a', kind: 'ai' as const, owner: 'Ops', workMinutes: 1, manualMinutes: 2, overrideRate: 0 },
      { id: 'b', kind: 'ai' as const, owner: 'Ops', workMinutes: 1, manualMinutes: 2, overrideRate: 0 },
      { id: 'v', kind: 'verification' as const, owner: 'Ops', workMinutes: 0.1, verifies: ['a', 'b'] },
      { id: 'out', kind: 'end' as const },
    ];
    const joins: [string, string, Record<string, unknown>][] = [
      ['in', 'a', { handoff: 'manual', waitMinutes: 0 }],
      ['a', 'b', { handoff: 'manual', waitMinutes: 0 }],
      ['b', 'v', { handoff: 'manual', waitMinutes: 0 }],
      ['v', 'out', { handoff: 'manual', waitMinutes: 0 }],
    ];
    const result = analyze(buildMap(steps, joins, { version: 2 }));
    expect(result.findings.filter((f) => f.rule === 'human-join' && !f.waived)).toHaveLength(4);
    expect(result.scores.workflow.score).toBeGreaterThanOrEqual(3);
    expect(result.scores.workflow.stallDriver).toBe(false);
    expect(result.triage.dominantSurface).toBeNull();
  });

  it('weighs impact: a five-day queue with no owner on an AI step scores 1', () => {
    const result = analyze(
      line([
        { id: 'a', kind: 'ai', workMinutes: 5, manualMinutes: 30, waitMinutes: 7200, overrideRate: 0.05 },
        { id: 'v', kind: 'verification', owner: 'Ops', workMinutes: 1, verifies: ['a'] },
      ]),
    );
    expect(result.scores.workflow.score).toBe(1);
    expect(result.scores.workflow.stallDriver).toBe(true);
    expect(result.scores.workflow.basis[0]).toMatchObject({ rule: 'no-accountable-owner', severity: 'error', weight: 1 });
    expect(result.scores.workflow.basis[0].impact.leadTimeMinutes).toBe(5760);
    expect(result.triage.dominantSurface).toBe('workflow');
  });

  it('calls only a score of 1 or 2 a stall driver: 3 and 4 give no dominant surface and the expand motion', () => {
    const small = [finding('workflow', 'warning', false, 'small', 100)]; // 10% of the lead time
    const scores = computeScores(small, { metrics: LEAD });
    expect(scores.workflow.score).toBeGreaterThanOrEqual(3);
    expect(scores.workflow.score).toBeLessThanOrEqual(4);
    expect(dominantSurface(scores)).toBeNull();
    const triage = computeTriage(map, small, scores, [gateOf(small[0])]);
    expect(triage).toMatchObject({ dominantSurface: null, nextMotion: NO_STALL_MOTION, confidence: 0 });
    expect(triage.sentence).toMatch(/^No stall found/);
    expect(NO_STALL_MOTION).toBe('expand under the rollout gate');
  });

  it('keeps every assessed score from 1 to 5, info and waived findings weighing nothing', () => {
    const scores = computeScores(
      [finding('workflow', 'error', true, 'w', 900), finding('workflow', 'info', false, 'i', 900), finding('governance', 'error', false, 'g', 900)],
      { metrics: LEAD },
    );
    expect(scores.workflow).toMatchObject({ score: 5, openErrors: 0, openInfos: 1, basis: [] });
    expect(scores.governance).toMatchObject({ score: 1, openErrors: 1, stallDriver: true });
  });

  it('shows the team’s own score beside the computed one, never in its place', () => {
    const result = analyze(line([{ id: 'a', kind: 'human', owner: 'Ops' }], { version: 2, assessment: { workflow: { score: 1, evidence: 'Every item re-keyed', by: 'COO' } } }));
    expect(result.scores.workflow).toMatchObject({ score: 5, team: { score: 1, evidence: 'Every item re-keyed', by: 'COO' } });
    expect(result.triage.dominantSurface).toBeNull();
  });

  it('names the next motion of every surface', () => {
    expect(SURFACE_MOTIONS).toEqual({
      architecture: 'architecture audit',
      workflow: 'workflow redesign',
      evaluation: 'build the evaluation layer',
      governance: 'permission and approval boundary review',
      stabilization: 'stabilization sprint',
    });
  });

  it('picks the lowest score of 2 or below, ties broken by impact', () => {
    const tied = [finding('workflow', 'error', false, 'w', 600), finding('governance', 'error', false, 'g', 900)];
    const scores = computeScores(tied, { metrics: LEAD });
    expect(scores.workflow.score).toBe(scores.governance.score);
    expect(dominantSurface(scores, tied)).toBe('governance');
    expect(dominantSurface(computeScores([]))).toBeNull();
  });
});

describe('triage', () => {
  it('blames the first gate in one plain sentence, with the findings that carry most impact as evidence', () => {
    const result = analyze(
      line([
        { id: 'a', kind: 'ai', workMinutes: 5, manualMinutes: 30, waitMinutes: 7200, overrideRate: 0.05, label: 'Draft letter' },
        { id: 'v', kind: 'verification', owner: 'Ops', workMinutes: 1, verifies: ['a'], label: 'Nurse reviews letter' },
      ]),
    );
    expect(result.triage.sentence).toBe("The rollout is stalled because nobody answers for 'Draft letter', and work waits 5d in its queue; fixing it first takes 4d off the lead time.");
    expect(result.triage.blocker).toBe(result.gates[0].message);
    expect(result.triage.nextMotion).toBe('workflow redesign');
    expect(result.triage.evidence[0]).toBe(result.gates[0].message);
  });

  it('says a stall driven from outside the organisation is outside it, and the plan sets no gate without saying why', () => {
    // Every open finding is on a supplier's check: no gate may be set on it, yet the workflow stalls there.
    const map = line([
      { id: 'a', kind: 'ai', owner: 'Ops', workMinutes: 1, manualMinutes: 30, overrideRate: 0.05, label: 'Assess' },
      { id: 'v', kind: 'verification', owner: 'Supplier', workMinutes: 100, waitMinutes: 5000, verifies: ['a'], external: true, label: 'Supplier verifies' },
    ]);
    const result = analyze(map);
    expect(result.gates).toEqual([]);
    expect(result.triage.dominantSurface).not.toBeNull();
    expect(result.triage.sentence).toMatch(/^The rollout is stalled outside the organisation, because the check 'Supplier verifies' costs more/);
    expect(result.triage.sentence).not.toContain('fixing it first');
    const plan = planMarkdown(map, result, { now: new Date('2026-12-02') });
    expect(plan).not.toContain('Nothing blocks the rollout');
    expect(plan).toContain('No gate the team can set on its own: every open finding concerns a step outside the organisation');
  });

  it('quotes each label once and shortens a long one', () => {
    const long = 'A very long label that goes on and on about what the nurse does with each letter before it is sent';
    const result = analyze(
      line([
        { id: 'a', kind: 'ai', owner: 'Ops', workMinutes: 1, manualMinutes: 30, overrideRate: 0.05, label: 'Draft letter' },
        { id: 'v', kind: 'verification', owner: 'Ops', workMinutes: 40, verifies: ['a'], label: long },
      ]),
    );
    const { sentence } = result.triage;
    expect(sentence).toMatch(/^The rollout is stalled because the check '.+…' costs more than doing 'Draft letter' by hand/);
    expect(sentence).not.toContain(long);
    expect(sentence.match(/'Draft letter'/g)).toHaveLength(1);
  });

  it('gives a confidence below 0.5 for a single warning and for an empty map, never 1', () => {
    const one = analyze(line([{ id: 'a', kind: 'ai', owner: 'Ops', overrideRate: 0.9 }, { id: 'v', kind: 'verification', owner: 'Ops', verifies: ['a'] }]));
    expect(one.findings.filter((f) => !f.waived && f.severity !== 'info')).toHaveLength(1);
    expect(one.triage.confidence).toBeLessThan(0.5);
    const empty = analyze(buildMap([], []));
    expect(empty.triage.confidence).toBeLessThan(0.5);
    expect(empty.triage.dominantSurface).toBeNull();
    const single = [finding('workflow', 'warning', false, 'w', 1000)];
    expect(computeTriage(map, single, computeScores(single, { metrics: LEAD }), []).confidence).toBeLessThan(0.5);
  });

  it('is less confident when surfaces score alike', () => {
    const alone = [finding('workflow', 'error', false, 'w', 900), finding('workflow', 'error', false, 'w2', 900)];
    const alike = [...alone, finding('governance', 'error', false, 'g', 900), finding('governance', 'error', false, 'g2', 900)];
    const clear = computeTriage(map, alone, computeScores(alone, { metrics: LEAD }), []).confidence;
    const split = computeTriage(map, alike, computeScores(alike, { metrics: LEAD }), []).confidence;
    expect(split).toBeLessThan(clear);
    expect(split).toBeLessThanOrEqual(0.5);
  });

  it('says “No stall found” and the expand motion on a healthy map', () => {
    const healthy = analyze(
      line([
        { id: 'a', kind: 'ai', owner: 'Ops', workMinutes: 1, manualMinutes: 30, overrideRate: 0.05 },
        { id: 'v', kind: 'verification', owner: 'Ops', workMinutes: 1, sampleRate: 0.1, verifies: ['a'] },
      ]),
    );
    expect(healthy.triage).toMatchObject({ dominantSurface: null, nextMotion: 'expand under the rollout gate', blocker: null, confidence: 0 });
    expect(healthy.triage.sentence).toMatch(/^No stall found/);
    for (const s of SURFACES) expect(healthy.scores[s].score === null || healthy.scores[s].score === 5).toBe(true);
  });
});
