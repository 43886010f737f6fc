import { describe, expect, it } from 'vitest';
import { formatText } from '../../../server/cli/text';
import { analyze } from '../../../src/core/analyzer';
import { beforeAfterRows } from '../../../src/core/analyzer/before-after';
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

describe('the typical lead time in the before and after', () => {
  const figures = (lead: number, typical?: number) => ({ leadTimeMinutes: lead, typicalLeadTimeMinutes: typical, manualJoins: 0, meetings: 0, approvalsOnAiPath: 0, checks: 0, openErrors: 0, openWarnings: 0 });
  const labels = (now: ReturnType<typeof figures>, redesigned: ReturnType<typeof figures>) => beforeAfterRows({ now, redesigned } as Parameters<typeof beforeAfterRows>[0]).map((row) => row.label);

  it('is a row of its own where either state’s differs from its lead time', () => {
    expect(labels(figures(130, 30), figures(60, 60))).toContain('Typical lead time');
  });

  it('is left out where both states give their lead time again: a board reads the same figures twice', () => {
    // The invoice template's rework share makes a typical lead time that is the lead time, today and redesigned.
    expect(labels(figures(130, 130), figures(60, 60))).not.toContain('Typical lead time');
    expect(labels(figures(130, 130), figures(60, 60))).toContain('Lead time');
  });
});
