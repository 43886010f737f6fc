import { describe, expect, it } from 'vitest';
import { formatText } from '../../../server/cli/text';
import { analyze } from '../../../src/core/analyzer';
import { planMarkdown } from '../../../src/core/plan';
import { buildMap, type JoinSpec, type StepSpec } from '../analyzer/build';
import { readPlan } from './markdown';

/** in → triage (10 min) → standard (20 min) or expert (120 min) → out: the longest way takes 130 minutes. */
function choice(standardShare: number) {
  const steps: StepSpec[] = [
    { id: 'in', kind: 'start' },
    { id: 'triage', kind: 'human', owner: 'Ops', workMinutes: 10 },
    { id: 'standard', kind: 'human', owner: 'Ops', workMinutes: 20 },
    { id: 'expert', kind: 'human', owner: 'Ops', workMinutes: 120 },
    { id: 'out', kind: 'end' },
  ];
  const joins: JoinSpec[] = [
    ['in', 'triage', { handoff: 'system' }],
    ['triage', 'standard', { handoff: 'system', share: standardShare }],
    ['triage', 'expert', { handoff: 'system', share: 1 - standardShare }],
    ['standard', 'out', { handoff: 'system' }],
    ['expert', 'out', { handoff: 'system' }],
  ];
  const map = buildMap(steps, joins, { version: 2 });
  const analysis = analyze(map);
  const today = (readPlan(planMarkdown(map, analysis, { now: new Date('2026-12-03T09:00:00Z') })).sections.get('Summary') ?? '').split('\n').find((line) => line.startsWith('**Today:**'));
  return { analysis, today, cli: formatText(map, analysis, { file: 'map.json', color: false }) };
}

describe('the typical lead time beside the lead time', () => {
  it('is given where most items go a shorter way than the longest', () => {
    const { analysis, today, cli } = choice(0.8);
    expect(analysis.metrics.typicalLeadTimeMinutes).toBe(30);
    expect(today).toContain('lead time 2h 10m per item, 30m the way most items go;');
    expect(cli).toContain('Typical lead time 30m (30 min, the way most items go)');
  });

  it('is left out where most items go the longest way: the same figure twice says nothing', () => {
    const { analysis, today, cli } = choice(0.2);
    expect(analysis.metrics.typicalLeadTimeMinutes).toBe(130);
    expect(today).toContain('lead time 2h 10m per item;');
    expect(today).not.toContain('the way most items go');
    expect(cli).not.toContain('Typical lead time');
  });
});
