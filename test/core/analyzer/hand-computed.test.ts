import { describe, expect, it } from 'vitest';
import { type AnalysisResult, analyze, applyFix } from '../../../src/core/analyzer';
import type { StallMap } from '../../../src/core/model';
import { planMarkdown } from '../../../src/core/plan';
import { loadMap } from './fixtures';

/**
 * Five stalled workflows (test/fixtures/hand-computed/), each worked out by hand from the
 * product's rules for metrics, impact, gates, scores and triage (docs/architecture.md,
 * docs/format.md, docs/rules/*.md), then compared with analyze() and the plan's first page. The arithmetic is in
 * the comments; the assertions are what a user reads: the figures, the gates, who acts, the words.
 *
 * Shared rules of thumb used below:
 * - lead time: the longest start-to-end path of step work + step wait + join wait (a
 *   verification counts sampleRate × its work and wait), rework joins dropped;
 * - staff minutes: work of human, approval, verification (× sampleRate) and handoff steps,
 *   times the visits an item makes; staff hours a week = minutes × volumePerWeek / 60;
 * - a finding's weight = 0.3 (error) or 0.15 (warning) + 0.7 × min(1, share / 0.5), the share
 *   being the larger of impact / lead time and impact / staff minutes (a blocker at least 0.5);
 *   a surface's weight = heaviest + 0.35 × (1 − heaviest) × min(1, rest / 2); score = round(5 − 4w).
 */

const PLAN_DATE = { now: new Date('2026-12-01T00:00:00Z') };

function analysed(name: string): { map: StallMap; result: AnalysisResult; firstPage: string } {
  const map = loadMap(`hand-computed/${name}.json`);
  const result = analyze(map);
  const plan = planMarkdown(map, result, PLAN_DATE);
  return { map, result, firstPage: plan.slice(0, plan.indexOf('## Scorecard')) };
}

/** Each finding as rule, severity, first target and what its fix buys. */
const judged = (result: AnalysisResult) =>
  result.findings.map((f) => ({ rule: f.rule, severity: f.severity, target: f.targets[0], impact: f.impact }));

/** The lead time after applying the first gate's fix (the page's "apply fix to redesign") and analysing again. */
function leadAfterTopGate(map: StallMap, result: AnalysisResult): number {
  const top = result.gates[0];
  const finding = result.findings.find((f) => f.rule === top.rule && f.targets[0] === top.targets[0]);
  if (!finding) throw new Error('the top gate has no finding');
  // A fix model that changes no number gives the finding no fix: the lead time stays.
  return finding.fix ? analyze(applyFix(map, finding.fix)).metrics.leadTimeMinutes : result.metrics.leadTimeMinutes;
}

describe('claims: an AI draft re-keyed and re-checked, then the payer’s 3-day queue (external)', () => {
  /*
   * in -j1 system-> draft (ai 5, by hand 40) -j2 manual 'emailed to the clerk' 60-> rekey (handoff
   * 10 + queue 30) -j3 manual 0-> rev (verification 45 + queue 120, verifies draft, sample 1)
   * -j4 system-> payer (external system, queue 4320) -j5 system-> out. 200 claims a week.
   *
   * Lead time = 5 + 60 + (10 + 30) + (45 + 120) + 4320 = 4590 min (3d 4h 30m). No shares: no typical.
   * Staff = rekey 10 + rev 45 = 55 min per item; 55 × 200 / 60 = 183.33 h/week.
   * Before AI = draft by hand 40 (rev checks AI output, rekey carries it: both left out) = 40.
   * AI saves 40 − 5 = 35; 35 / (4590 + 35) = 0.76% < 10%: work-did-not-move.
   *
   * Impacts:
   * - human-join j2 (manual, next to the AI: error): j2 → 0 and rekey empties: 60 + 40 = 100 min;
   *   staff 10 min (33.33 h/week).
   * - human-join j3 (manual, not next to the AI: warning): j3 waits 0, rekey empties: 40 min; staff 10.
   * - verification-exceeds-work: 45 × 1 ≥ 40: error. Sample 0.1: (45 + 120) × 0.9 = 148.5 min;
   *   staff 45 × 0.9 = 40.5 min (135 h/week).
   * - work-did-not-move: waits on the path: payer 4320 (external, never halved), rev 120, j2 60,
   *   rekey 30; halve rev's 120: 60 min.
   * Gates: nothing about accountability or launch safety; by lead time: the check (148.5), then
   *   j2 (100): 248.5 of 4590 min. The payer's 3 days are outside: no fix of ours moves them.
   *   Who acts: the check's owner; for j2, the owner of the re-keying step its fix empties.
   * Scores: the check weighs 0.3 + 0.7 × min(1, (40.5 / 55) / 0.5) = 1, so workflow scores 1.
   *   Confidence = 1 × (0.5 + 0.5 × 1) × 4 / 5 = 0.8 (four open findings, no other surface weighs).
   */
  const { map, result, firstPage } = analysed('claims-rekeyed');

  it('gives the lead time and staff time computed by hand', () => {
    expect(result.metrics).toMatchObject({ leadTimeMinutes: 4590, staffMinutesPerItem: 55, staffMinutesBeforeAi: 40, aiSavedMinutes: 35 });
    expect(result.metrics.typicalLeadTimeMinutes).toBeUndefined();
    expect(result.metrics.staffHoursPerWeek).toBeCloseTo(183.33, 2);
  });

  it('gives each finding the impact of its rule’s fix model', () => {
    expect(judged(result)).toEqual([
      { rule: 'human-join', severity: 'error', target: 'j2', impact: { leadTimeMinutes: 100, staffMinutesPerItem: 10, staffHoursPerWeek: 33.33 } },
      { rule: 'human-join', severity: 'warning', target: 'j3', impact: { leadTimeMinutes: 40, staffMinutesPerItem: 10, staffHoursPerWeek: 33.33 } },
      { rule: 'verification-exceeds-work', severity: 'error', target: 'rev', impact: { leadTimeMinutes: 148.5, staffMinutesPerItem: 40.5, staffHoursPerWeek: 135 } },
      { rule: 'work-did-not-move', severity: 'warning', target: 'rev', impact: { leadTimeMinutes: 60, staffMinutesPerItem: 0, staffHoursPerWeek: 0 } },
    ]);
  });

  it('gates the check, then the re-keying, never the payer', () => {
    expect(result.gates.map((g) => [g.rule, g.targets[0], g.reason, g.owner.name])).toEqual([
      ['verification-exceeds-work', 'rev', 'lead time', 'Claims lead'],
      ['human-join', 'j2', 'lead time', 'Claims lead'],
    ]);
  });

  it('names the workflow surface and the check in the triage', () => {
    expect(result.triage).toMatchObject({ dominantSurface: 'workflow', confidence: 0.8, nextMotion: 'workflow redesign' });
    expect(result.triage.sentence).toBe(
      "The rollout is stalled because the check 'Reviewer re-checks every item' costs more than doing 'Draft claim decision' by hand; fixing it first takes 2h 29m off the lead time.",
    );
  });

  it('says the same on the plan’s first page', () => {
    expect(firstPage).toContain('**Today:** lead time 3d 4h 30m per item; 183 staff hours a week; 98.7% of the lead time is waiting.');
    expect(firstPage).toContain('**Buys:** −2h 29m lead time · −40.5 staff min per item · −135 staff h/week.');
    expect(firstPage).toContain('**Buys:** −1h 40m lead time · −10 staff min per item · −33.3 staff h/week.');
  });

  it('drops the lead time by what the top gate promised once its fix is applied', () => {
    // 4590 − 148.5 = 4441.5
    expect(leadAfterTopGate(map, result)).toBe(4441.5);
  });
});

describe('policy changes: three sign-offs after an AI draft, with a weekly committee', () => {
  /*
   * in -> draft (ai 10, by hand 120) -> a1 (approval 15 + queue 240, Team lead) -> a2 (approval
   * 20 + queue 480, Risk officer) -j4 meeting 'weekly committee' 5040-> a3 (approval 30,
   * Committee chair) -> out. All other joins system. 50 changes a week; a sponsor, no lead.
   *
   * Lead time = 10 + 255 + 500 + 5040 + 30 = 5835 min (4d 1h 15m).
   * Staff = 15 + 20 + 30 = 65 min; 65 × 50 / 60 = 54.17 h/week. Before AI = 120 + 65 = 185.
   * AI saves 110; 110 / 5945 = 1.9% < 10%: work-did-not-move.
   * Impacts:
   * - human-join j4 (meeting, after the AI but not next to it: warning): 5040 min.
   * - approval-chain (3 approvals): a1 and a2 do no work and have no wait: 255 + 500 = 755 min;
   *   staff 15 + 20 = 35 min (29.17 h/week).
   * - work-did-not-move: halve the largest wait, the committee's 5040: 2520 min.
   * Gates: the meeting (5040); work-did-not-move halves the same join, so it cannot be the second;
   *   then the chain (755). Together 5795 of 5835 min: 99% of the lead time.
   *   Who acts on the meeting: the committee's chair, who holds it (the Risk officer who sends
   *   the item cannot decide items as they arrive).
   * Scores: meeting 0.15 + 0.7 × 1 = 0.85; chain 0.15 + 0.7 × min(1, (35/65)/0.5) = 0.85;
   *   work-did-not-move 0.15 + 0.7 × (2520/5835)/0.5 = 0.75. Workflow: 0.85 + 0.35 × 0.15 ×
   *   min(1, 1.6 / 2) = 0.89, score round(5 − 3.57) = 1. Confidence 0.89 × 1 × 3/4 = 0.67.
   */
  const { map, result, firstPage } = analysed('approval-chain-committee');

  it('gives the lead time and staff time computed by hand', () => {
    expect(result.metrics).toMatchObject({ leadTimeMinutes: 5835, staffMinutesPerItem: 65, staffMinutesBeforeAi: 185, aiSavedMinutes: 110 });
    expect(result.metrics.staffHoursPerWeek).toBeCloseTo(54.17, 2);
  });

  it('gives each finding the impact of its rule’s fix model', () => {
    expect(judged(result)).toEqual([
      { rule: 'human-join', severity: 'warning', target: 'j4', impact: { leadTimeMinutes: 5040, staffMinutesPerItem: 0, staffHoursPerWeek: 0 } },
      { rule: 'approval-chain', severity: 'warning', target: 'draft', impact: { leadTimeMinutes: 755, staffMinutesPerItem: 35, staffHoursPerWeek: 29.17 } },
      { rule: 'work-did-not-move', severity: 'warning', target: 'j4', impact: { leadTimeMinutes: 2520, staffMinutesPerItem: 0, staffHoursPerWeek: 0 } },
    ]);
  });

  it('gates the committee, then the chain: 99% of the lead time, not a second gate on the same join', () => {
    expect(result.gates.map((g) => [g.rule, g.targets[0], g.reason])).toEqual([
      ['human-join', 'j4', 'lead time'],
      ['approval-chain', 'draft', 'lead time'],
    ]);
    const bought = result.gates.reduce((sum, g) => sum + g.impact.leadTimeMinutes, 0);
    expect(bought / result.metrics.leadTimeMinutes).toBeGreaterThan(0.99);
  });

  it('asks the committee’s chair, who holds the meeting, to decide items as they arrive', () => {
    expect(result.gates[0].owner).toEqual({
      name: 'Committee chair',
      role: 'step owner',
      action: "stop holding 'weekly committee' for a meeting: decide each item as it arrives",
    });
    expect(firstPage).toContain('1. Stop holding \'weekly committee\' for a meeting: decide each item as it arrives. **Who acts:** Committee chair (step owner). **Buys:** −3d 12h lead time.');
  });

  it('names the meeting in the triage', () => {
    expect(result.triage).toMatchObject({ dominantSurface: 'workflow', confidence: 0.67 });
    expect(result.triage.sentence).toBe(
      "The rollout is stalled because the item waits for 3d 12h for a meeting between 'Risk signs off' and 'Committee signs off'; fixing it first takes 3d 12h off the lead time.",
    );
    expect(firstPage).toContain('**Today:** lead time 4d 1h 15m per item; 54 staff hours a week;');
  });

  it('drops the lead time by what the top gate promised once its fix is applied', () => {
    // 5835 − 5040 = 795
    expect(leadAfterTopGate(map, result)).toBe(795);
  });
});

describe('service replies: a choice (80/20) and a QA rework loop (25%) through a check', () => {
  /*
   * in -> route (system 1) -ja 0.8-> draft (ai 3, by hand 30, overrides 20%) -jd manual 'copied
   * into the ticket' 15-> chk (verification 20 + queue 30, verifies draft) -ok 0.75-> send
   * (system 1) -> out; chk -back rework 0.25-> draft; route -jb 0.2-> spec (human 60 + queue 240)
   * -> send. 300 requests a week.
   *
   * Paths (rework dropped): AI way 1 + 3 + 15 + 50 + 1 = 70; specialist way 1 + 300 + 1 = 302.
   * Lead time = 302 min (5h 2m); typical (the 80% way) = 70 min (1h 10m).
   * Visits: the loop repeats 1 / (1 − 0.25) = 4/3 times: draft and chk 0.8 × 4/3 = 1.0667;
   *   spec 0.2. Staff = chk 20 × 1.0667 + spec 60 × 0.2 = 21.33 + 12 = 33.33 min;
   *   33.33 × 300 / 60 = 166.67 h/week. Before AI = 30 × 1.0667 + 12 = 44 (chk left out).
   * No AI step on the critical path: the AI saves 0 min of it: work-did-not-move.
   * Impacts:
   * - human-join jd (error, next to the AI): off the critical path: 0; typical 15.
   * - verification-exceeds-work: 20 ≥ 0.5 × 30: warning. Sample 0.1: lead 0 (off the critical
   *   path), typical 50 − 5 = 45, staff (20 − 2) × 1.0667 = 19.2 min (96 h/week).
   * - work-did-not-move: halve spec's queue 240: 120 min.
   * - override-rate: 20% > 15%: warning, no time impact.
   * Gates: by lead time the specialist's queue (120), then by staff minutes the check (19.2).
   * Scores: check 0.15 + 0.7 × min(1, (19.2/33.33)/0.5) = 0.85; wdnm 0.15 + 0.7 × (120/302)/0.5
   *   = 0.71; jd 0.3. Workflow 0.85 + 0.35 × 0.15 × 1.01/2 = 0.88: score 1. Evaluation 0.38: 3.
   *   Confidence 0.88 × (0.5 + 0.5 × 0.5/0.88) × 3/4 = 0.52.
   * Triage: the AI saves nothing on the critical path, so it removes none of the lead time
   *   (not "only 0%").
   */
  const { map, result, firstPage } = analysed('choice-rework');

  it('gives the lead time, typical lead time and staff time computed by hand', () => {
    expect(result.metrics).toMatchObject({ leadTimeMinutes: 302, typicalLeadTimeMinutes: 70, staffMinutesBeforeAi: 44, aiSavedMinutes: 0 });
    expect(result.metrics.staffMinutesPerItem).toBeCloseTo(33.33, 2);
    expect(result.metrics.staffHoursPerWeek).toBeCloseTo(166.67, 2);
  });

  it('gives each finding the impact of its rule’s fix model, on both paths', () => {
    const none = { leadTimeMinutes: 0, typicalLeadTimeMinutes: 0, staffMinutesPerItem: 0, staffHoursPerWeek: 0 };
    expect(judged(result)).toEqual([
      { rule: 'human-join', severity: 'error', target: 'jd', impact: { ...none, typicalLeadTimeMinutes: 15 } },
      { rule: 'verification-exceeds-work', severity: 'warning', target: 'chk', impact: { ...none, typicalLeadTimeMinutes: 45, staffMinutesPerItem: 19.2, staffHoursPerWeek: 96 } },
      { rule: 'work-did-not-move', severity: 'warning', target: 'spec', impact: { ...none, leadTimeMinutes: 120 } },
      { rule: 'override-rate', severity: 'warning', target: 'draft', impact: none },
    ]);
  });

  it('gates the specialist’s queue by lead time, then the check by staff minutes', () => {
    expect(result.gates.map((g) => [g.rule, g.targets[0], g.reason, g.owner.name])).toEqual([
      ['work-did-not-move', 'spec', 'lead time', 'Specialist lead'],
      ['verification-exceeds-work', 'chk', 'staff time', 'Service lead'],
    ]);
  });

  it('says the AI removes none of the lead time, not "only 0%"', () => {
    expect(result.scores.workflow.score).toBe(1);
    expect(result.scores.evaluation.score).toBe(3);
    expect(result.triage).toMatchObject({ dominantSurface: 'workflow', confidence: 0.52 });
    expect(result.triage.sentence).toBe(
      "The rollout is stalled because the AI removes none of the lead time while the work still waits at 'Specialist writes reply'; fixing it first takes 2h off the lead time.",
    );
  });

  it('gives both lead times on the plan’s first page', () => {
    expect(firstPage).toContain('**Today:** lead time 5h 2m per item, 1h 10m the way most items go; 167 staff hours a week;');
    expect(firstPage).toContain('**Buys:** −45m typical lead time · −19.2 staff min per item · −96 staff h/week.');
  });

  it('drops the lead time by what the top gate promised once its fix is applied', () => {
    // 302 − 120 = 182
    expect(leadAfterTopGate(map, result)).toBe(182);
  });
});

describe('refunds: an unowned AI step whose output reaches the end through software alone', () => {
  /*
   * in -> collect (human 15 + queue 2880, owned) -j2 manual 'emailed to the AI inbox' 240->
   * decide (ai 1, by hand 20, NO owner) -> post (system 1) -> out. 100 refunds a week; a program lead.
   *
   * Lead time = 2895 + 240 + 1 + 1 = 3137 min (2d 4h 17m). Staff = 15 (25 h/week); before AI 35.
   * AI saves 19; 19 / 3156 = 0.6%: work-did-not-move.
   * Impacts: human-join j2 (error) 240; no-accountable-owner on decide (error) 0 (no queue to
   *   cap); unverified-ai-output (warning) 0; work-did-not-move halves collect's 2880: 1440.
   * Gates: accountability first (the unowned AI step, error) — the program lead must name an
   *   owner. Launch safety concerns the same AI step, and two gates never share a step: it joins
   *   the first gate (one owner, both acts), and the second gate is the largest lead-time impact:
   *   halving the receipts queue (1440).
   * Scores: workflow: wdnm 0.15 + 0.7 × (1440/3137)/0.5 = 0.79, owner 0.3 + 0.35 = 0.65, j2
   *   0.3 + 0.7 × (240/3137)/0.5 = 0.41; 0.79 + 0.35 × 0.21 × 0.53 = 0.83: score 2. Governance:
   *   launch safety, a blocker: 0.15 + 0.35 = 0.5: score 3. Dominant: workflow.
   */
  const { map, result, firstPage } = analysed('unowned-unattended');

  it('gives the lead time and staff time computed by hand', () => {
    expect(result.metrics).toMatchObject({ leadTimeMinutes: 3137, staffMinutesPerItem: 15, staffHoursPerWeek: 25, staffMinutesBeforeAi: 35 });
  });

  it('gives each finding the impact of its rule’s fix model', () => {
    const none = { leadTimeMinutes: 0, staffMinutesPerItem: 0, staffHoursPerWeek: 0 };
    expect(judged(result)).toEqual([
      { rule: 'human-join', severity: 'error', target: 'j2', impact: { ...none, leadTimeMinutes: 240 } },
      { rule: 'no-accountable-owner', severity: 'error', target: 'decide', impact: none },
      { rule: 'unverified-ai-output', severity: 'warning', target: 'decide', impact: none },
      { rule: 'work-did-not-move', severity: 'warning', target: 'collect', impact: { ...none, leadTimeMinutes: 1440 } },
    ]);
  });

  it('puts accountability first, with the program lead to act, launch safety joined to it, and never two gates on the AI step', () => {
    expect(result.gates.map((g) => [g.rule, g.targets[0], g.reason])).toEqual([
      ['no-accountable-owner', 'decide', 'accountability'],
      ['work-did-not-move', 'collect', 'lead time'],
    ]);
    expect(result.gates[0].also?.map((a) => [a.rule, a.targets[0], a.reason])).toEqual([['unverified-ai-output', 'decide', 'launch safety']]);
    const action = "name an accountable owner for 'Auto-approve refund', who then must put a check or an approval on the output of 'Auto-approve refund' before it reaches 'Refund paid'";
    expect(result.gates[0].owner).toEqual({ name: 'Refunds program lead', role: 'program lead', action });
    expect(firstPage).toContain(`1. N${action.slice(1)}. **Who acts:** Refunds program lead (program lead). **Buys:** no time impact. **Done when:** One named person or role answers for this step’s outcome. No AI output reaches the outcome unchecked`);
  });

  it('names the missing owner as the blocker, and the unchecked output joined to its gate', () => {
    expect(result.scores.workflow.score).toBe(2);
    expect(result.scores.governance.score).toBe(3);
    expect(result.triage.dominantSurface).toBe('workflow');
    expect(result.triage.sentence).toBe("The rollout is stalled because nobody answers for 'Auto-approve refund', and its output reaches 'Refund paid' unchecked.");
  });

  it('promises no lead time for naming an owner of a queue under a day, and has no fix to apply', () => {
    expect(result.findings.find((f) => f.rule === 'no-accountable-owner')?.fix).toBeUndefined();
    expect(leadAfterTopGate(map, result)).toBe(3137);
  });
});

describe('permits: the largest wait is the regulator’s (external), so it is never a gate', () => {
  /*
   * in -> draft (ai 10, by hand 180) -> chk (verification 30 + queue 60, sample 0.5) -j3 manual
   * 'uploaded to the regulator portal' 45-> reg (external system 60 + queue 28800) -> out.
   *
   * Lead time = 10 + (30 + 60) × 0.5 + 45 + 28860 = 28960 min. Staff = 30 × 0.5 = 15 (10 h/week);
   * before AI 180. AI saves 170 of 29130: 0.6%: work-did-not-move.
   * Check: 15 < 0.5 × 180: no finding.
   * Impacts: human-join j3 (warning) 45; work-did-not-move: the regulator's 28800 and the wait
   *   into it (45) are the organisation's to endure, not to halve; the largest of its own is the
   *   check's queue, 60 × 0.5 = 30 on the path: halved, 15 min.
   * Gates: j3 (45), then the check's queue (15): never the regulator. 60 of 28960 min: the
   *   line is held outside, and the plan must not pretend otherwise.
   * Scores: both warnings weigh ≈ 0.15; workflow 0.17: score 4. No surface at 2 or below: no stall.
   */
  const { map, result, firstPage } = analysed('external-regulator');

  it('gives the lead time and staff time computed by hand', () => {
    expect(result.metrics).toMatchObject({ leadTimeMinutes: 28960, staffMinutesPerItem: 15, staffHoursPerWeek: 10, staffMinutesBeforeAi: 180 });
  });

  it('never halves or gates the regulator’s wait', () => {
    expect(judged(result)).toEqual([
      { rule: 'human-join', severity: 'warning', target: 'j3', impact: { leadTimeMinutes: 45, staffMinutesPerItem: 0, staffHoursPerWeek: 0 } },
      { rule: 'work-did-not-move', severity: 'warning', target: 'chk', impact: { leadTimeMinutes: 15, staffMinutesPerItem: 0, staffHoursPerWeek: 0 } },
    ]);
    expect(result.gates.map((g) => [g.rule, g.targets[0]])).toEqual([
      ['human-join', 'j3'],
      ['work-did-not-move', 'chk'],
    ]);
    for (const gate of result.gates) expect(gate.targets[0]).not.toBe('reg');
  });

  it('finds no stall the team can name, and says what to fix first', () => {
    expect(result.scores.workflow.score).toBe(4);
    expect(result.triage).toMatchObject({ dominantSurface: null, confidence: 0 });
    expect(result.triage.sentence).toBe(
      "No stall found: no failure surface scores 2 or below; the first thing to fix is that a person moves the item by hand from 'Engineer reviews application' to 'Regulator review', and it waits for 45m.",
    );
    expect(firstPage).toContain('**Today:** lead time 2w 6d 2h 40m per item; 10 staff hours a week; 99.7% of the lead time is waiting.');
  });

  it('drops the lead time by what the top gate promised once its fix is applied', () => {
    expect(leadAfterTopGate(map, result)).toBe(28960 - 45);
  });
});
