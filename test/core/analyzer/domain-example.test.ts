import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analyzer';
import { loadMap } from './fixtures';

/**
 * The contract-review example (test/fixtures/contract-review.json; docs/format.md opens with it),
 * worked out by hand from the rules in docs/rules:
 *
 *   in (start) -j1 system-> sum (ai: work 2, manual 45, override 0.1)
 *     -j2 manual 'emailed', wait 60-> chk (verification: work 50, wait 240, verifies sum, sample 1)
 *     -j3 meeting, wait 4320-> out (end);  waiver: human-join on j3.
 *
 * human-join: j1 is system: not flagged. j2 is manual and leaves the ai step: error. j3 is a
 *   meeting reachable from the ai step but not next to it: warning, waived by the General Counsel.
 * verification-exceeds-work: cost 50 × 1 = 50; manual cost of sum = 45; 50 ≥ 1 × 45: error.
 * no-accountable-owner: sum and chk are owned by 'Legal Ops lead'; start and end need no owner.
 * unverified-ai-output: the only way from sum to out passes chk (a verification): none.
 * approval-chain: no approval step: none.
 * override-rate: 0.1 ≤ 0.15: none.
 * dangling-step: every step is reached from `in` and reaches `out`: none.
 * Critical path (the only path): in 0 + j1 0 + sum 2 + j2 60 + chk (50 + 240) + j3 4320 + out 0
 *   = 4672 min. Waits: 60 + 240 + 4320 = 4620, waitShare = 4620 / 4672 = 0.98887…
 *   aiSaved = 45 − 2 = 43; aiSavingShare = 43 / (4672 + 43) = 43 / 4715 = 0.00912 < 0.1, so
 * work-did-not-move: warning; its three largest waits: j3 4320, chk's queue 240, j2 60.
 * Scores: workflow has 2 open errors + 1 open warning (the waived j3 does not count):
 *   penalty 2 × 2 + 1 = 5, score max(1, 5 − 5) = 1; the other surfaces 5. Dominant: workflow;
 *   confidence 5 / 5 = 1.
 * Impact (each fix model applied alone, the critical path walked again):
 *   human-join j2: j2 becomes system with no wait: 4672 − 60 = 4612, so 60 min; no staff work changes.
 *   human-join j3 (waived, still weighed): 4320 min.
 *   verification-exceeds-work: chk samples 10%: its (50 + 240) × 1 becomes × 0.1 = 29, so
 *     290 − 29 = 261 min off the lead time; the paralegal's 50 min per item become 5: 45 staff min.
 *   work-did-not-move: the largest wait, j3's 4320, halved: 2160 min.
 * Gates: none of accountability or launch safety; by lead time: work-did-not-move (2160), then
 *   verification-exceeds-work (261). The blocker is the first gate; the evidence the three open
 *   findings with the most impact: 2160, 261, 60.
 */
describe('the example map of docs/format.md', () => {
  const result = analyze(loadMap('contract-review.json'));

  it('gives exactly the findings that follow from the rules', () => {
    expect(result.findings.map(({ rule, severity, targets, surface, message, waived }) => ({ rule, severity, targets, surface, message, waived }))).toEqual([
      {
        rule: 'human-join',
        severity: 'error',
        targets: ['j2', 'sum', 'chk'],
        surface: 'workflow',
        message: "Manual hand-off 'emailed' from 'Summarise contract' to 'Paralegal re-reads contract' adds a 1h wait",
        waived: false,
      },
      {
        rule: 'human-join',
        severity: 'warning',
        targets: ['j3', 'chk', 'out'],
        surface: 'workflow',
        message: "Meeting hand-off from 'Paralegal re-reads contract' to 'Contract signed' adds a 3d wait",
        waived: true,
      },
      {
        rule: 'verification-exceeds-work',
        severity: 'error',
        targets: ['chk', 'sum'],
        surface: 'workflow',
        message: "Checking 'Summarise contract' costs 50m per item; doing the work by hand costs 45m",
        waived: false,
      },
      {
        rule: 'work-did-not-move',
        severity: 'warning',
        targets: ['j3', 'chk', 'j2'],
        surface: 'workflow',
        message:
          "The AI saves 43m of the 3d 6h 35m the work took before AI (0.9%); the largest waits on the critical path are 'Paralegal re-reads contract' → 'Contract signed' (3d), the queue before 'Paralegal re-reads contract' (4h) and 'emailed' (1h)",
        waived: false,
      },
    ]);
  });

  it('keeps the documented evidence names and quotes the waiver', () => {
    const [j2, j3, chk] = result.findings;
    expect(j2.evidence).toMatchObject({ waitMinutes: 60, handoff: 'manual' });
    expect(j3.waiver).toEqual({ reason: 'Board signs contracts by law', by: 'General Counsel', at: '2026-11-20' });
    expect(chk.evidence).toMatchObject({ verifyMinutes: 50, workMinutes: 45, ratio: 1.11, sampleRate: 1 });
  });

  it('computes the metrics', () => {
    const { metrics } = result;
    expect(metrics.criticalPath).toEqual(['in', 'j1', 'sum', 'j2', 'chk', 'j3', 'out']);
    expect(metrics.leadTimeMinutes).toBe(4672);
    expect(metrics.aiSavedMinutes).toBe(43);
    expect(metrics.aiSavingShare).toBeCloseTo(43 / 4715, 10);
    expect(metrics.waitShare).toBeCloseTo(4620 / 4672, 10);
    expect(metrics.counts).toEqual({
      steps: 4,
      joins: 3,
      stepsByKind: { start: 1, end: 1, human: 0, ai: 1, system: 0, approval: 0, verification: 1, handoff: 0 },
      findingsByRule: {
        'human-join': 2,
        'verification-exceeds-work': 1,
        'no-accountable-owner': 0,
        'unverified-ai-output': 0,
        'approval-chain': 0,
        'work-did-not-move': 1,
        'override-rate': 0,
        'dangling-step': 0,
      },
      findingsBySeverity: { error: 2, warning: 2, info: 0 },
      findingsBySurface: { architecture: 0, workflow: 4, evaluation: 0, governance: 0, stabilization: 0 },
      open: 3,
      waived: 1,
    });
  });

  it('scores the surfaces and writes the triage', () => {
    expect(Object.fromEntries(Object.entries(result.scores).map(([surface, s]) => [surface, s.score]))).toEqual({
      architecture: 5,
      workflow: 1,
      evaluation: 5,
      governance: 5,
      stabilization: null,
    });
    expect(result.scores.workflow).toMatchObject({ openErrors: 2, openWarnings: 1, openInfos: 0, nextMotion: 'workflow redesign', stallDriver: true });
    expect(result.scores.stabilization.notAssessed).toMatch(/no rule observes it/);
    const [j2, , chk, slow] = result.findings;
    expect(result.triage).toMatchObject({
      workflow: 'Contract review with AI summaries',
      blocker: slow.message,
      dominantSurface: 'workflow',
      evidence: [slow.message, chk.message, j2.message],
      nextMotion: 'workflow redesign',
    });
    expect(result.triage.confidence).toBeGreaterThan(0.5);
    expect(result.triage.confidence).toBeLessThan(1);
    expect(result.triage.sentence).toBe(
      "The rollout is stalled because the AI removes only 0.9% of the lead time while the work still waits at the join from 'Paralegal re-reads contract' to 'Contract signed'; fixing it first takes 1d 12h off the lead time.",
    );
  });

  it('weighs each finding by what its fix would buy, and gates by it', () => {
    expect(result.findings.map((f) => [f.targets[0], f.impact])).toEqual([
      ['j2', { leadTimeMinutes: 60, staffMinutesPerItem: 0 }],
      ['j3', { leadTimeMinutes: 4320, staffMinutesPerItem: 0 }],
      ['chk', { leadTimeMinutes: 261, staffMinutesPerItem: 45 }],
      ['j3', { leadTimeMinutes: 2160, staffMinutesPerItem: 0 }],
    ]);
    expect(result.gates.map((g) => [g.rule, g.targets[0], g.reason, g.owner.name])).toEqual([
      ['work-did-not-move', 'j3', 'lead time', 'Legal Ops lead'],
      ['verification-exceeds-work', 'chk', 'lead time', 'Legal Ops lead'],
    ]);
  });
});
