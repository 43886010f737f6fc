import { describe, expect, it } from 'vitest';
import type { Finding, Gate } from '../../src/core/analyzer';
import { byImpact, bySeverity, gateNumber } from '../../src/canvas/findings/findingOrder';

/** A finding about `target`, with only what the orders read filled in. */
const finding = (target: string, fields: Partial<Finding> & { lead?: number; staff?: number } = {}): Finding => {
  const { lead = 0, staff = 0, ...rest } = fields;
  return { rule: 'human-join', severity: 'warning', targets: [target], surface: 'workflow', message: '', evidence: {}, waived: false, impact: { leadTimeMinutes: lead, staffMinutesPerItem: staff }, ...rest };
};
const targets = (findings: Finding[]) => findings.map((f) => f.targets[0]);

describe('the findings list orders', () => {
  it('by impact: most lead time first, then most staff minutes, then the more severe, then as the analyzer listed them', () => {
    const findings = [
      finding('a', { lead: 10 }),
      finding('b', { lead: 60 }),
      finding('c', { lead: 10, staff: 5 }),
      finding('d', { lead: 10, severity: 'error' }),
      finding('e', { lead: 10 }),
    ];
    expect(targets(byImpact(findings))).toEqual(['b', 'c', 'd', 'a', 'e']);
  });

  it('by severity: worst first, each severity by failure surface in their order, the analyzer’s order kept within', () => {
    const findings = [
      finding('a', { severity: 'info', surface: 'architecture' }),
      finding('b', { severity: 'warning', surface: 'governance' }),
      finding('c', { severity: 'error', surface: 'workflow' }),
      finding('d', { severity: 'warning', surface: 'architecture' }),
      finding('e', { severity: 'error', surface: 'architecture' }),
      finding('f', { severity: 'warning', surface: 'governance' }),
    ];
    expect(targets(bySeverity(findings))).toEqual(['e', 'c', 'd', 'b', 'f', 'a']);
  });

  it('leaves the list it was given as it was', () => {
    const findings = [finding('a', { severity: 'info' }), finding('b', { severity: 'error', lead: 5 })];
    byImpact(findings);
    bySeverity(findings);
    expect(targets(findings)).toEqual(['a', 'b']);
  });
});

describe('the gate marks', () => {
  it('mark a finding joined to a gate on its step with that gate, as the gate itself', () => {
    const owner = finding('ai', { rule: 'no-accountable-owner', severity: 'error' });
    const unchecked = finding('ai', { rule: 'unverified-ai-output', targets: ['ai', 'out'] });
    const other = finding('j1');
    const gate: Gate = {
      ...owner,
      reason: 'accountability',
      owner: { name: 'Lead', role: 'program lead', action: 'name an owner' },
      also: [{ rule: unchecked.rule, targets: unchecked.targets, message: '', reason: 'launch safety' }],
    };
    expect([owner, unchecked, other].map((f) => gateNumber([gate], f))).toEqual([1, 1, undefined]);
    expect(gateNumber([gate], { ...unchecked, waived: true })).toBeUndefined();
  });
});
