import { describe, expect, it } from 'vitest';
import {
  analyze,
  computeScores,
  computeTriage,
  dominantSurface,
  type Finding,
  type Gate,
  SURFACE_MOTIONS,
  SURFACES,
} from '../../../src/core/analyzer';
import { lowerFirst } from '../../../src/core/analyzer/text';
import { line } from './build';

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

describe('surface scores', () => {
  it('scores 5 − (2 × open errors + open warnings), at least 1; info and waived weigh nothing', () => {
    const scores = computeScores([
      finding('workflow', 'error'),
      finding('workflow', 'warning'),
      finding('governance', 'warning'),
      finding('governance', 'info'),
      finding('evaluation', 'error', true),
      ...Array.from({ length: 4 }, () => finding('architecture', 'error')),
    ]);
    expect(SURFACES.map((s) => scores[s].score)).toEqual([1, 2, 5, 4, 5]);
    expect(scores.governance).toEqual({ score: 4, openErrors: 0, openWarnings: 1, openInfos: 1, nextMotion: 'permission and approval boundary review' });
    expect(scores.evaluation.openErrors).toBe(0);
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

  it('picks the lowest score, then the most open errors, then the table order', () => {
    // governance: 1 error + 1 warning = 3 → 2; workflow: 3 warnings → 2, but fewer errors
    const tiedScore = computeScores([
      finding('workflow', 'warning'),
      finding('workflow', 'warning'),
      finding('workflow', 'warning'),
      finding('governance', 'error'),
      finding('governance', 'warning'),
    ]);
    expect(dominantSurface(tiedScore)).toBe('governance');
    const tiedErrors = computeScores([finding('evaluation', 'error'), finding('workflow', 'error')]);
    expect(dominantSurface(tiedErrors)).toBe('workflow');
    expect(dominantSurface(computeScores([]))).toBe('architecture');
  });
});

describe('triage', () => {
  it('blames the first gate, gives the findings with the most impact as evidence, and weighs the dominant share', () => {
    const findings = [
      finding('governance', 'warning', false, 'Governance warning', 5),
      finding('architecture', 'error', false, 'Architecture error'),
      finding('workflow', 'warning', false, 'Workflow warning one', 300),
      finding('workflow', 'error', false, 'Workflow error', 20),
      finding('workflow', 'error', true, 'Waived workflow error', 9000),
      finding('workflow', 'info', false, 'Workflow info', 8000),
    ];
    const scores = computeScores(findings);
    const triage = computeTriage(map, findings, scores, [gateOf(findings[2])]);
    // workflow penalty 2 + 1 = 3, architecture 2, governance 1: dominant workflow, confidence 3 / 6;
    // evidence: the open judged findings by impact, waived and info ones left out.
    expect(triage).toEqual({
      workflow: 'Test map',
      blocker: 'Workflow warning one',
      dominantSurface: 'workflow',
      confidence: 0.5,
      evidence: ['Workflow warning one', 'Workflow error', 'Governance warning'],
      nextMotion: 'workflow redesign',
      sentence: 'The rollout is stalled because workflow warning one; the dominant failure surface is workflow, so the next motion is workflow redesign.',
    });
  });

  it('rounds the confidence to two decimals', () => {
    const findings = [finding('workflow', 'error'), finding('governance', 'warning'), finding('evaluation', 'warning'), finding('architecture', 'error'), finding('workflow', 'warning')];
    // workflow 3 of 2 + 1 + 1 + 2 + 1 = 7 → 0.43
    expect(computeTriage(map, findings, computeScores(findings), []).confidence).toBe(0.43);
  });

  it('says plainly when no open finding explains a stall', () => {
    const clean = computeTriage(map, [], computeScores([]), []);
    expect(clean).toMatchObject({ blocker: null, confidence: 0, evidence: [] });
    expect(clean.sentence).toBe(
      "No open finding explains a stall in 'Test map' yet: check that the map shows the whole line, with its minutes, owners and joins.",
    );
    const quiet = [finding('workflow', 'info'), finding('workflow', 'error', true), finding('evaluation', 'warning', true)];
    expect(computeTriage(map, quiet, computeScores(quiet), []).sentence).toBe(
      "No open finding explains a stall in 'Test map' yet: 1 finding says which numbers are missing, and 2 findings were waived on purpose.",
    );
  });

  it('lowercases a message’s first word only when it is an ordinary word', () => {
    expect(lowerFirst('Manual hand-off')).toBe('manual hand-off');
    expect(lowerFirst("'CFO signs off' has no accountable owner")).toBe("'CFO signs off' has no accountable owner");
    expect(lowerFirst('AI saves nothing')).toBe('AI saves nothing');
  });

  it('reads as one sentence on a real map', () => {
    const result = analyze(line([{ id: 'a', kind: 'ai', owner: 'Ops', overrideRate: 0.4 }]));
    // override-rate (evaluation, warning) and unverified-ai-output (governance, warning) tie at 4:
    // no errors either, so the table order decides: evaluation before governance. The blocker is
    // the first gate: the AI output reaches the end through system joins only (launch safety).
    expect(result.triage.dominantSurface).toBe('evaluation');
    expect(result.triage.sentence).toBe(
      "The rollout is stalled because the output of 'a' can reach 'out' without any verification or approval; the dominant failure surface is evaluation, so the next motion is build the evaluation layer.",
    );
    expect(result.triage.confidence).toBe(0.5);
  });
});
