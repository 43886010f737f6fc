import { describe, expect, it } from 'vitest';
import { analyze, countsAsManualBecause, describeEvidence, describeImpact, RULE_IDS, ruleMeta } from '../../../src/core/analyzer';
import type { StallMap } from '../../../src/core/model';
import { loadFixture } from '../../fixtures/load';

/**
 * Findings are read by leaders on a shared screen, and by the CLI and the plan: durations in the
 * product's own units ("3d", as the summary says them), rules named in words, evidence as
 * sentences, and the reason a join counts as manual said where it is judged.
 */

/** The example map with a hand-off step after the AI step, joined by a join marked System. */
function withCourier(): StallMap {
  const map = loadFixture('contract-review');
  map.waivers = [];
  map.steps.push({ id: 'courier', kind: 'handoff', label: 'Courier to legal', owner: 'Mailroom', workMinutes: 5, position: { x: 300, y: 150 } });
  const j2 = map.joins.find((j) => j.id === 'j2');
  if (!j2) throw new Error('fixture changed: no j2');
  Object.assign(j2, { to: 'courier', handoff: 'system', label: 'synced' });
  map.joins.push({ id: 'j4', from: 'courier', to: 'chk', handoff: 'manual', waitMinutes: 30 });
  return map;
}

const EVIDENCE_KEYS = /declaredHandoff|nextToAi|waitMinutes|verifyMinutes|workMinutes|manualMinutes|aiSavedMinutes|leadTimeMinutes|aiSavingShare|largestWaits|overrideRate|maxOverrideRate|reachedFromStart|reachesEnd|sampleRate/;

describe('findings in the product’s own words', () => {
  const findings = analyze(withCourier()).findings;
  const labels = new Map(withCourier().steps.map((s) => [s.id, `'${s.label}'`]));
  const nameOf = (id: string) => labels.get(id) ?? `'${id}'`;

  it('says durations as the summary does: "3d", "1h", "50m", never raw minutes', () => {
    const meeting = findings.find((f) => f.rule === 'human-join' && f.targets[0] === 'j3');
    expect(meeting?.message).toBe("Meeting hand-off from 'Paralegal re-reads contract' to 'Contract signed' adds a 3d wait");
    for (const f of findings) {
      expect(f.message).not.toMatch(/\d+ min\b/);
      expect(describeImpact(f.impact)).not.toMatch(/\d+ min\b(?! per item)/);
    }
    const check = findings.find((f) => f.rule === 'verification-exceeds-work');
    // "an 8h wait", as it is read aloud; "a 1h wait" and "a 3d wait" stay.
    const slow = withCourier();
    Object.assign(slow.joins.find((j) => j.id === 'j4') ?? {}, { waitMinutes: 480 });
    Object.assign(slow.joins.find((j) => j.id === 'j3') ?? {}, { waitMinutes: 11 * 60 });
    const waits = analyze(slow).findings.filter((f) => f.rule === 'human-join').map((f) => f.message.replace(/^.* adds /, 'adds '));
    expect(waits).toEqual(expect.arrayContaining(['adds an 8h wait', 'adds an 11h wait']));
    expect(check?.message).toBe("Checking 'Summarise contract' costs 50m per item; doing the work by hand costs 45m");
  });

  it('says why a join marked System counts as manual, in the finding', () => {
    const into = findings.find((f) => f.rule === 'human-join' && f.targets[0] === 'j2');
    expect(into?.message).toBe(
      "Manual hand-off 'synced' from 'Summarise contract' to 'Courier to legal' adds a 1h wait (marked system, it counts as manual: it enters the hand-off step 'Courier to legal')",
    );
  });

  it('gives every finding’s evidence as sentences, without the analyzer’s keys', () => {
    for (const f of findings) {
      const sentences = describeEvidence(f, nameOf);
      expect(sentences.length, f.rule).toBeGreaterThan(0);
      for (const sentence of sentences) {
        expect(sentence).toMatch(/^[A-Z0-9'].*\.$/);
        expect(sentence).not.toMatch(EVIDENCE_KEYS);
        expect(sentence).not.toMatch(/\d+ min\b/);
      }
    }
    const meeting = findings.find((f) => f.rule === 'human-join' && f.targets[0] === 'j3');
    expect(meeting && describeEvidence(meeting, nameOf)).toEqual(['The item waits 3d on this join.', 'It waits for a scheduled meeting.', 'It is on the way of an AI step’s work.']);
    const slow = findings.find((f) => f.rule === 'work-did-not-move');
    expect(slow && describeEvidence(slow, nameOf).at(-1)).toMatch(/^The largest waits: .*\(3d\)/);
  });

  it('names the missing numbers in words, not field names', () => {
    const map = loadFixture('contract-review');
    delete map.steps[1].manualMinutes;
    delete map.steps[1].overrideRate;
    const infos = analyze(map).findings.filter((f) => f.severity === 'info');
    expect(infos.length).toBeGreaterThan(0);
    for (const f of infos) {
      expect(f.message).not.toMatch(EVIDENCE_KEYS);
      for (const sentence of describeEvidence(f, nameOf)) expect(sentence).not.toMatch(EVIDENCE_KEYS);
    }
  });
});

describe('rule names', () => {
  it('names every rule in words, unlike its id', () => {
    const names = RULE_IDS.map((id) => ruleMeta(id).name);
    for (const [i, name] of names.entries()) {
      expect(name.length).toBeGreaterThan(5);
      expect(name).not.toContain(RULE_IDS[i]);
      expect(name).not.toMatch(/-/);
    }
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('countsAsManualBecause', () => {
  const handoff = { kind: 'handoff', label: 'Courier' } as const;
  const work = { kind: 'human', label: 'Draft' } as const;
  it('says why a join marked System or Meeting is manual when it enters or leaves a hand-off step', () => {
    expect(countsAsManualBecause({ handoff: 'system' }, work, handoff)).toBe("counts as manual: it enters the hand-off step 'Courier'");
    expect(countsAsManualBecause({ handoff: 'meeting' }, handoff, work)).toBe("counts as manual: it leaves the hand-off step 'Courier'");
  });
  it('says nothing when the join counts as what it says', () => {
    expect(countsAsManualBecause({ handoff: 'manual' }, work, handoff)).toBeUndefined();
    expect(countsAsManualBecause({}, work, handoff)).toBeUndefined();
    expect(countsAsManualBecause({ handoff: 'system' }, work, work)).toBeUndefined();
  });
});
