import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/core/analyzer';
import type { StallMap } from '../../src/core/model';
import { buildMap } from './analyzer/build';

/**
 * The before and after of a small content workflow, every figure worked out by hand from the map.
 *
 * Now: start → draft (ai, 5 min, 90 by hand) → qa (verification of draft, 60 + 120 wait, every item)
 *   → either legal (approval, no owner, 30 + 2,880 wait; 25% of items, by a 1,440-minute meeting)
 *   and on to brand, or straight to brand (75%, manual, 30 wait) → brand (approval, 15 + 480)
 *   → pub (hand-off step, 10; emailed to it after a 120-minute wait) → end. 60 items a week.
 *
 *   Lead time (longest path): 5 + 60 (draft→qa) + 180 (qa) + 1,440 + 2,910 (legal) + 495 (brand)
 *     + 120 + 10 (pub) = 5,220 min.
 *   Typical (75% skip legal): 5 + 60 + 180 + 30 + 495 + 120 + 10 = 900 min.
 *   Staff per item: qa 60 + legal 30 × 0.25 + brand 15 + pub 10 = 92.5 min; × 60 / 60 = 92.5 h a week.
 *   Joins: draft→qa, qa→brand manual; brand→pub, pub→out touch a hand-off step, so manual: 4 manual,
 *     qa→legal 1 meeting. Approvals after the AI step: legal, brand = 2. Checks: 1, 60 min per item.
 *   Findings: human-join on every join past the AI step that is not system: draft→qa (next to the
 *     AI step: error) and qa→legal, qa→brand, brand→pub, pub→out (warnings); legal has no owner
 *     (an approval: error); qa costs 60 against 90 by hand (≥ half: warning); the AI saves 85 of
 *     5,305 min (< 10%: work-did-not-move, warning). Open: 2 errors, 6 warnings.
 *
 * Redesigned: qa samples 10%; legal gets a named counsel with a one-day queue (1,440) reached by a
 *   manual join (60 wait) for 25% of items; brand and pub are gone, an API step (system, 1 min) publishes;
 *   every other join is a system join with no wait.
 *   Lead time: 5 + 0 + (60 + 120) × 0.1 + 60 + (30 + 1,440) + 1 = 1,554 min.
 *   Typical: 5 + 18 + 1 = 24 min.
 *   Staff per item: qa 60 × 0.1 + legal 30 × 0.25 = 13.5 min = 13.5 h a week.
 *   Joins: qa→legal manual (1), no meeting. Approvals after the AI step: legal = 1. Checks: 1, 6 min.
 *   Findings: human-join on qa→legal (warning); work-did-not-move (85 of 1,639 min, warning). Open: 0 errors, 2 warnings.
 *
 * Delta (redesigned − now): lead −3,666; typical −876; staff −79 min, −79 h a week; manual joins −3;
 *   meetings −1; approvals on the AI path −1; checks 0; check minutes −54; errors −2; warnings −4.
 */
const now = buildMap(
  [
    { id: 'in', kind: 'start' },
    { id: 'draft', kind: 'ai', owner: 'Content lead', workMinutes: 5, manualMinutes: 90, overrideRate: 0.1 },
    { id: 'qa', kind: 'verification', owner: 'QA lead', workMinutes: 60, waitMinutes: 120, verifies: ['draft'] },
    { id: 'legal', kind: 'approval', workMinutes: 30, waitMinutes: 2880 },
    { id: 'brand', kind: 'approval', owner: 'Brand lead', workMinutes: 15, waitMinutes: 480 },
    { id: 'pub', kind: 'handoff', owner: 'Web editor', workMinutes: 10 },
    { id: 'out', kind: 'end' },
  ],
  [
    ['in', 'draft', { handoff: 'system' }],
    ['draft', 'qa', { handoff: 'manual', waitMinutes: 60 }],
    ['qa', 'legal', { handoff: 'meeting', waitMinutes: 1440, share: 0.25 }],
    ['qa', 'brand', { handoff: 'manual', waitMinutes: 30, share: 0.75 }],
    ['legal', 'brand', { handoff: 'system' }],
    ['brand', 'pub', { handoff: 'manual', waitMinutes: 120 }],
    ['pub', 'out', { handoff: 'system' }],
  ],
  { volumePerWeek: 60 },
);

const redesigned = buildMap(
  [
    { id: 'in', kind: 'start' },
    { id: 'draft', kind: 'ai', owner: 'Content lead', workMinutes: 5, manualMinutes: 90, overrideRate: 0.1 },
    { id: 'qa', kind: 'verification', owner: 'QA lead', workMinutes: 60, waitMinutes: 120, verifies: ['draft'], sampleRate: 0.1 },
    { id: 'legal', kind: 'approval', owner: 'Legal counsel', workMinutes: 30, waitMinutes: 1440 },
    { id: 'api', kind: 'system', owner: 'Web platform', label: 'Publish by API', workMinutes: 1 },
    { id: 'out', kind: 'end' },
  ],
  [
    ['in', 'draft', { handoff: 'system' }],
    ['draft', 'qa', { handoff: 'system', waitMinutes: 0 }],
    ['qa', 'legal', { handoff: 'manual', waitMinutes: 60, share: 0.25 }],
    ['qa', 'api', { handoff: 'system', share: 0.75 }],
    ['legal', 'api', { handoff: 'system' }],
    ['api', 'out', { handoff: 'system' }],
  ],
);

const map: StallMap = { ...now, redesign: { steps: redesigned.steps, joins: redesigned.joins } };

describe('the delta between today and the redesign, by hand', () => {
  const { redesign, metrics } = analyze(map);

  it('gives today’s figures', () => {
    expect(redesign?.now).toEqual({
      leadTimeMinutes: 5220,
      typicalLeadTimeMinutes: 900,
      staffMinutesPerItem: 92.5,
      staffHoursPerWeek: 92.5,
      manualJoins: 4,
      meetings: 1,
      approvalsOnAiPath: 2,
      checks: 1,
      checkMinutesPerItem: 60,
      openErrors: 2,
      openWarnings: 6,
    });
    // The analysis of the map itself is of today's state.
    expect(metrics.leadTimeMinutes).toBe(5220);
  });

  it('gives the redesign’s figures, and analyses the redesign with the map’s volume', () => {
    expect(redesign?.redesigned).toEqual({
      leadTimeMinutes: 1554,
      typicalLeadTimeMinutes: 24,
      staffMinutesPerItem: 13.5,
      staffHoursPerWeek: 13.5,
      manualJoins: 1,
      meetings: 0,
      approvalsOnAiPath: 1,
      checks: 1,
      checkMinutesPerItem: 6,
      openErrors: 0,
      openWarnings: 2,
    });
    expect(redesign?.metrics).toMatchObject({ leadTimeMinutes: 1554, typicalLeadTimeMinutes: 24, staffMinutesPerItem: 13.5, staffHoursPerWeek: 13.5 });
    expect(redesign?.findings.map((f) => [f.rule, f.targets[0], f.severity])).toEqual([
      ['human-join', 'qa-legal', 'warning'],
      ['work-did-not-move', 'legal', 'warning'],
    ]);
  });

  it('gives the change in each figure, redesigned minus now', () => {
    expect(redesign?.delta).toEqual({
      leadTimeMinutes: -3666,
      typicalLeadTimeMinutes: -876,
      staffMinutesPerItem: -79,
      staffHoursPerWeek: -79,
      manualJoins: -3,
      meetings: -1,
      approvalsOnAiPath: -1,
      checks: 0,
      checkMinutesPerItem: -54,
      openErrors: -2,
      openWarnings: -4,
    });
  });

  it('counts a waiver in both states: the finding it waives is open in neither', () => {
    const waived = analyze({ ...map, waivers: [{ rule: 'human-join', target: 'qa-legal', reason: 'Counsel reads in person', by: 'COO', at: '2026-11-30' }] });
    expect(waived.redesign?.now.openWarnings).toBe(5);
    expect(waived.redesign?.redesigned.openWarnings).toBe(1);
    expect(waived.redesign?.delta.openWarnings).toBe(-4);
  });

  it('leaves out a figure one of the states does not have (no shares, no volume)', () => {
    const { volumePerWeek: _volume, ...withoutVolume } = map;
    const plain = { ...withoutVolume, redesign: { steps: redesigned.steps, joins: redesigned.joins.map(({ share: _share, ...j }) => j) } };
    const { delta } = analyze(plain).redesign ?? {};
    expect(delta).not.toHaveProperty('typicalLeadTimeMinutes');
    expect(delta).not.toHaveProperty('staffHoursPerWeek');
    expect(delta?.leadTimeMinutes).toBe(-3666);
  });
});
