import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/core/analyzer';
import type { StallMap } from '../../src/core/model';
import { fixStatus } from '../../src/canvas/redesign/fixStatus';
import { hashWithView, viewInLink } from '../../src/canvas/redesign/viewLink';
import { loadFixture } from '../fixtures/load';

describe('the view a link names', () => {
  it('reads view= beside the token, in either order; today’s map when it names none or one unknown', () => {
    expect(viewInLink('#token=abc_-1&view=redesign')).toBe('redesign');
    expect(viewInLink('#view=compare&token=abc')).toBe('compare');
    expect(viewInLink('#token=abc')).toBe('now');
    expect(viewInLink('#token=abc&view=admin')).toBe('now');
    expect(viewInLink('#token=abcview=redesign')).toBe('now');
    expect(viewInLink('')).toBe('now');
  });

  it('writes the view beside the token, keeps the token, and leaves a link to today’s map as it was handed out', () => {
    expect(hashWithView('#token=abc', 'redesign')).toBe('#token=abc&view=redesign');
    expect(hashWithView('#token=abc&view=redesign', 'compare')).toBe('#token=abc&view=compare');
    expect(hashWithView('#token=abc&view=redesign', 'now')).toBe('#token=abc');
    expect(hashWithView('', 'redesign')).toBe('#view=redesign');
    expect(hashWithView('#view=redesign', 'now')).toBe('');
    for (const view of ['now', 'redesign', 'compare'] as const) expect(viewInLink(hashWithView('#token=abc&view=compare', view))).toBe(view);
  });
});

describe('whether a fix of today’s finding can be applied to the redesign', () => {
  const today = loadFixture('contract-review');
  const fix = analyze(today).findings.find((f) => f.rule === 'human-join' && f.targets[0] === 'j2')?.fix;
  const redesignOf = (edit: (redesign: Pick<StallMap, 'steps' | 'joins'>) => void): StallMap => {
    const redesign = structuredClone({ steps: today.steps, joins: today.joins });
    edit(redesign);
    return { ...today, redesign };
  };

  it('can be applied where the redesign holds its targets, and is applied once they hold its values', () => {
    expect(fix?.joins).toEqual([{ id: 'j2', handoff: 'system', waitMinutes: 0 }]);
    expect(fixStatus(redesignOf(() => {}), fix)).toBe('applicable');
    const fixed = redesignOf((r) => {
      r.joins = r.joins.map((j) => (j.id === 'j2' ? { ...j, handoff: 'system', waitMinutes: 0 } : j));
    });
    expect(fixStatus(fixed, fix)).toBe('applied');
  });

  it('cannot be applied without a redesign, without a fix, or when the redesign dropped a target', () => {
    expect(fixStatus(today, fix)).toBe('unavailable');
    expect(fixStatus(redesignOf(() => {}), undefined)).toBe('unavailable');
    expect(fixStatus(redesignOf(() => {}), { steps: [], joins: [] })).toBe('unavailable');
    const dropped = redesignOf((r) => {
      r.joins = r.joins.filter((j) => j.id !== 'j2');
    });
    expect(fixStatus(dropped, fix)).toBe('unavailable');
  });

  it('counts a number the team lowered further as applied, and applies to the targets the redesign still has', () => {
    const lowered = redesignOf((r) => {
      r.joins = r.joins.map((j) => (j.id === 'j2' ? { ...j, handoff: 'system', waitMinutes: 30 } : j));
    });
    expect(fixStatus(lowered, { steps: [], joins: [{ id: 'j2', handoff: 'system', waitMinutes: 60 }] })).toBe('applied');
    expect(fixStatus(lowered, { steps: [], joins: [{ id: 'j2', handoff: 'system', waitMinutes: 10 }] })).toBe('applicable');
    const partly = { steps: [{ id: 'redrawn-away' }], joins: [{ id: 'j2', waitMinutes: 10 }] };
    expect(fixStatus(lowered, partly)).toBe('applicable');
  });

  it('counts steps the fix takes out of the way as done once the redesign no longer has them', () => {
    const merge = { steps: [{ id: 'j2-approver', workMinutes: 0, waitMinutes: 0 }], joins: [], bypass: ['j2-approver'] };
    const withStep = redesignOf((r) => {
      r.steps = [...r.steps, { id: 'j2-approver', kind: 'approval', label: 'Approver', workMinutes: 5 }];
    });
    expect(fixStatus(withStep, merge)).toBe('applicable');
    // Gone from the redesign: the fix is in, and the card says so rather than offering nothing.
    expect(fixStatus(redesignOf(() => {}), merge)).toBe('applied');
  });

  it('is never shown as applied in a redesign just started, nor offered where the fix model changes no number', () => {
    // An unowned step queueing under a day and a check already sampling under a tenth: the fix
    // models (a one-day queue, a 10% sample) leave both as they are.
    const map = structuredClone(today);
    const chk = map.steps.find((s) => s.id === 'chk');
    if (!chk) throw new Error('no chk');
    Object.assign(chk, { owner: undefined, waitMinutes: 240, sampleRate: 0.05, workMinutes: 50 * 20 });
    const findings = analyze(map).findings.filter((f) => f.targets[0] === 'chk');
    expect(findings.map((f) => f.rule).sort()).toEqual(['no-accountable-owner', 'verification-exceeds-work']);
    const started: StallMap = { ...map, redesign: structuredClone({ steps: map.steps, joins: map.joins }) };
    for (const finding of findings) expect([finding.rule, fixStatus(started, finding.fix)]).toEqual([finding.rule, 'unavailable']);
  });
});
