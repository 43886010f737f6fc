import { describe, expect, it } from 'vitest';
import type { GateOwner } from '../../src/core/analyzer';
import { blockerTitle } from '../../src/canvas/findings/blockerTitle';

const triage = { sentence: 'The rollout is stalled at a join.' };
const gateOf = (owner: GateOwner) => ({ owner });

describe('the summary line’s tooltip', () => {
  it('names who must act, their right-to-left name isolated so the role and the action keep their places', () => {
    const title = blockerTitle(triage, gateOf({ name: 'مريم', role: 'step owner', action: 'automate the hand-off' }));
    expect(title).toBe('The rollout is stalled at a join. \u2068مريم\u2069 (step owner) must automate the hand-off.');
  });

  it('says what to do when nobody is named, and only the sentence without a gate', () => {
    expect(blockerTitle(triage, gateOf({ name: null, role: null, action: 'Name an accountable owner' }))).toBe('The rollout is stalled at a join. Name an accountable owner.');
    expect(blockerTitle(triage, undefined)).toBe('The rollout is stalled at a join.');
  });
});
