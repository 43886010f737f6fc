import { describe, expect, it } from 'vitest';
import { type AnalyzerConfig, analyze, ruleMeta } from '../../../src/core/analyzer';
import type { StallMap } from '../../../src/core/model';
import { mapToMermaid, PLAN_SECTIONS, planMarkdown, THIRTY_DAY_GATES } from '../../../src/core/plan';
import { findTemplate } from '../../../src/core/templates';
import { loadMap } from '../analyzer/fixtures';
import { gateOf, readPlan } from './markdown';

const NOW = new Date('2026-11-21T09:30:00Z');

function plan(map: StallMap, config?: AnalyzerConfig) {
  const analysis = analyze(map, { config });
  const markdown = planMarkdown(map, analysis, { now: NOW, config });
  return { analysis, markdown, read: readPlan(markdown) };
}

describe('the plan of the example map', () => {
  const map = loadMap('contract-review.json');
  const { analysis, markdown, read } = plan(map);
  const section = (name: string) => read.sections.get(name) ?? '';

  it('has the title, the date and every section, in order, and no other heading', () => {
    const sections = PLAN_SECTIONS.map((s) => `## ${s}`);
    sections.splice(4, 0, '### workflow (score 1 of 5; next motion: workflow redesign)');
    expect(read.headings).toEqual(['# Redesign plan: Contract review with AI summaries', ...sections]);
    expect(markdown).toContain('Prepared 2026-11-21 from the map `contract-review`.');
  });

  it('gives the summary metrics in human units', () => {
    const [summary] = read.tables;
    expect(summary.rows.map((row) => row.map((cell) => cell.text))).toEqual([
      ['Lead time', '3d 5h 52m (4672 min) per item'],
      ['Waiting', '98.9% of the lead time'],
      ['AI saving', '0.9% of the lead time before AI (43m saved)'],
      ['Steps', '4: 1 start, 1 end, 1 ai, 1 verification'],
      ['Findings', '3 open (2 errors, 1 warning, 0 info), 1 waived'],
    ]);
  });

  it('states the triage sentence, dominant surface, confidence, evidence and next motion from the analysis', () => {
    const triage = section('Triage');
    expect(triage).toContain(`> ${analysis.triage.sentence}`);
    expect(analysis.triage.sentence).toMatch(/^The rollout is stalled because the AI saves 43 min/);
    expect(triage).toContain('**Dominant failure surface:** workflow, scored 1 of 5');
    expect(triage).toContain('**Confidence:** 1.00');
    for (const message of analysis.triage.evidence) expect(triage).toContain(`  - ${message}`);
    expect(triage).toContain('**Next motion:** workflow redesign');
  });

  it('lists the analysis’s gates for the next 30 days, the triage’s blocker first, each with what it buys, who acts and a gate', () => {
    expect(analysis.gates.map((g) => `${g.rule} ${g.targets[0]}`)).toEqual(['work-did-not-move j3', 'verification-exceeds-work chk']);
    expect(analysis.gates[0].message).toBe(analysis.triage.blocker);
    const next = section('Next 30 days');
    expect(next).toContain(`1. **work-did-not-move** (warning, workflow): ${analysis.triage.blocker}`);
    expect(next).toContain('   - **Buys:** −1d 12h lead time');
    expect(next).toContain("   - **Who acts:** Legal Ops lead (step owner): halve the wait 'Paralegal re-reads contract' → 'Contract signed'");
    expect(next).toContain('2. **verification-exceeds-work** (error, workflow)');
    expect(next).toContain('   - **Buys:** −4h 21m lead time · −45 staff min per item');
    expect(next).toContain('   - **Owner:** Legal Ops lead (for “Paralegal re-reads contract”, “Summarise contract”)');
    expect(next).toContain('Checking costs less than half of the manual work: sample, or check only what the model flags.');
    expect(next).not.toMatch(/^3\./m);
  });

  it('groups every open finding by surface with its rule’s fix and the labels it names', () => {
    const open = section('Open findings by surface');
    for (const finding of analysis.findings.filter((f) => !f.waived)) expect(open).toContain(`*(${finding.severity})* ${finding.message}.`);
    for (const rule of ['human-join', 'verification-exceeds-work', 'work-did-not-move'] as const) expect(open).toContain(`**${rule}**: ${ruleMeta(rule).fix}`);
    expect(open).not.toContain('Meeting hand-off'); // waived: not open
    expect(open).toContain('Names “Paralegal re-reads contract → Contract signed” (join)');
  });

  it('scores the five surfaces in a table', () => {
    const scorecard = read.tables[1];
    expect(scorecard.header.map((c) => c.text)).toEqual(['Surface', 'Score (1–5)', 'Open errors', 'Warnings', 'Next motion']);
    expect(scorecard.rows.map((row) => row.map((c) => c.text))).toEqual([
      ['architecture', '5', '0', '0', 'architecture audit'],
      ['**workflow** (dominant)', '1', '2', '1', 'workflow redesign'],
      ['evaluation', '5', '0', '0', 'build the evaluation layer'],
      ['governance', '5', '0', '0', 'permission and approval boundary review'],
      ['stabilization', '5', '0', '0', 'stabilization sprint'],
    ]);
  });

  it('lists the waived finding with its reason, who and when, and the open comment thread', () => {
    expect(section('Waived findings')).toContain('Waived by General Counsel on 2026-11-20: Board signs contracts by law');
    expect(section('Open comment threads')).toBe('- On “Paralegal re-reads contract”:\n  - COO, 2026-11-20T10:00:00Z: Why every contract?');
  });

  it('ends with the rollout gate as YAML and the map as Mermaid', () => {
    expect(gateOf(read).rollout_gate).toEqual({
      workflow: 'Contract review with AI summaries',
      protected_path: ['Contract received', 'Summarise contract', 'Paralegal re-reads contract', 'Contract signed'],
      before_expansion: {
        open_errors: { max: 0, now: 2 },
        override_rate: [{ step: 'Summarise contract', max: 0.15, now: 0.1 }],
        verification_cost: [{ step: 'Paralegal re-reads contract', checks: ['Summarise contract'], below_minutes: 45, now_minutes: 50 }],
        every_step_owned: { required: true, unowned_now: [] },
      },
      rollback_triggers: [
        { metric: 'override_rate', step: 'Summarise contract', above: 0.15, for_days: 7 },
        { metric: 'lead_time_minutes', above: 4672 },
        { metric: 'unowned_steps_on_protected_path', above: 0 },
      ],
    });
    expect(read.code.get('mermaid')).toEqual([mapToMermaid(map, analysis).trimEnd()]);
    expect(markdown.endsWith('```\n')).toBe(true);
  });

  it('is the same text for the same map and date', () => {
    expect(plan(map).markdown).toBe(markdown);
  });
});

describe('the plan of the invoice template', () => {
  const template = findTemplate('invoice-processing')!;
  const { analysis, read } = plan(template.map);

  it('puts accountability first, and has the program lead name the missing owners', () => {
    const next = read.sections.get('Next 30 days') ?? '';
    expect(analysis.gates.map((g) => [g.rule, g.targets[0], g.reason])).toEqual([
      ['no-accountable-owner', 'appr3', 'accountability'],
      ['no-accountable-owner', 'extract', 'accountability'],
    ]);
    expect(next).toContain("**Who acts:** AP team lead (program lead): name an accountable owner for 'CFO signs off'");
    expect(next).toContain('**Owner:** no owner: name one first (for “CFO signs off”)');
    for (const who of next.split('\n').filter((l) => l.includes('**Who acts:**'))) expect(who).not.toMatch(/TBD/i);
  });

  it('says who must name someone when the map names nobody at all', () => {
    const { program: _none, ...nobody } = template.map;
    const gate = analyze(nobody).gates[0];
    expect(gate.owner).toMatchObject({ name: null, role: null });
    expect(gate.owner.action).toMatch(/whoever sponsors the pilot must do it/);
  });

  it('lists the unowned steps and every AI step’s override rate in the gate', () => {
    const gate = gateOf(read).rollout_gate;
    expect(gate.before_expansion.every_step_owned.unowned_now).toEqual(['Extract invoice fields', 'CFO signs off']);
    expect(gate.before_expansion.override_rate).toEqual([{ step: 'Extract invoice fields', max: 0.15, now: 0.22 }]);
    expect(gate.before_expansion.verification_cost).toEqual([
      { step: 'Clerk checks every field', checks: ['Extract invoice fields'], below_minutes: 12, now_minutes: 10 },
    ]);
  });
});

describe('plans of other maps', () => {
  it('says so when nothing blocks the rollout', () => {
    const { read } = plan(loadMap('analyzer/human-join/valid-system-joins.json'));
    expect(read.sections.get('Next 30 days')).toContain('No open error or warning blocks the rollout.');
    expect(read.sections.get('Open findings by surface')).toContain('No open findings.');
    expect(read.sections.get('Triage')).toContain("> No open finding explains a stall in 'Every join automated' yet");
  });

  it('uses the configured thresholds in the 30-day sentences and the gate', () => {
    const config: AnalyzerConfig = { rules: { 'override-rate': ['warning', { maxOverrideRate: 0.05 }], 'verification-exceeds-work': ['error', { warningRatio: 0.25 }] } };
    const { read } = plan(loadMap('contract-review.json'), config);
    expect(gateOf(read).rollout_gate.before_expansion.override_rate[0].max).toBe(0.05);
    expect(read.sections.get('Next 30 days')).toContain('Checking costs less than 25% of the manual work');
    expect(THIRTY_DAY_GATES['override-rate']({ maxOverrideRate: 0.05 })).toContain('at most 5%');
  });

  it('finds the checked steps of a verification that names none: the nearest AI steps upstream', () => {
    const map = loadMap('contract-review.json');
    map.steps[2].verifies = undefined;
    map.steps[2].sampleRate = 0.2;
    const gate = gateOf(plan(map).read).rollout_gate;
    expect(gate.before_expansion.verification_cost).toEqual([
      { step: 'Paralegal re-reads contract', checks: ['Summarise contract'], below_minutes: 45, now_minutes: 10 },
    ]);
  });

  it('shows only unresolved comment threads, replies under their first comment, and marks comments on findings', () => {
    const map = loadMap('contract-review.json');
    map.comments = [
      { id: 'c1', target: 'chk', author: 'COO', text: 'Why every contract?', at: '2026-11-20T10:00:00Z' },
      { id: 'c3', target: 'chk', replyTo: 'c1', author: 'Paralegal', text: 'Policy.', at: '2026-11-20T12:00:00Z' },
      { id: 'c2', target: 'chk', replyTo: 'c1', author: 'Legal Ops lead', text: 'Sampling from May.', at: '2026-11-20T11:00:00Z' },
      { id: 'c4', target: 'j2', rule: 'human-join', author: 'CIO', text: 'API next sprint.', at: '2026-11-21T08:00:00Z' },
      { id: 'c5', target: 'sum', author: 'CFO', text: 'Done.', at: '2026-11-19T08:00:00Z', resolved: true },
      { id: 'c6', target: 'gone', author: 'COO', text: 'Orphan?', at: '2026-11-19T08:00:00Z' },
    ];
    expect(plan(map).read.sections.get('Open comment threads')).toBe(
      [
        '- On “Paralegal re-reads contract”:',
        '  - COO, 2026-11-20T10:00:00Z: Why every contract?',
        '    - Legal Ops lead, 2026-11-20T11:00:00Z: Sampling from May.',
        '    - Paralegal, 2026-11-20T12:00:00Z: Policy.',
        '- On “emailed”, finding human-join:',
        '  - CIO, 2026-11-21T08:00:00Z: API next sprint.',
        '- On gone (no longer on the map):',
        '  - COO, 2026-11-19T08:00:00Z: Orphan?',
      ].join('\n'),
    );
  });

  it('leaves out a picture too large for Mermaid renderers, and says so', () => {
    const map = loadMap('contract-review.json');
    const template = map.steps[1];
    for (let i = 0; i < 800; i++) map.steps.push({ ...template, id: `extra${i}`, label: `An extra AI step with a long label, number ${i}` });
    const { read } = plan(map);
    expect(read.code.get('mermaid')).toBeUndefined();
    expect(read.sections.get('The map')).toMatch(/^The map has 804 steps: too large for a Mermaid picture \([\d,]+ characters, renderers stop at 50,000\)/);
  });

  it('copes with a map with no steps', () => {
    const map = loadMap('analyzer/dangling-step/invalid-empty.json');
    const { read } = plan(map);
    expect(read.headings.filter((h) => h.startsWith('## '))).toEqual(PLAN_SECTIONS.map((s) => `## ${s}`));
    expect(read.tables[0].rows[0].map((c) => c.text)).toEqual(['Lead time', 'none: no path runs from a start to an end']);
  });
});
