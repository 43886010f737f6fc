import { describe, expect, it } from 'vitest';
import { type AnalyzerConfig, analyze } from '../../../src/core/analyzer';
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

/** What comes before the appendix: the board's part of the document. */
const body = (markdown: string) => markdown.slice(0, markdown.indexOf('\n## Appendix'));

describe('the plan of the example map', () => {
  const map = loadMap('contract-review.json');
  const { analysis, markdown, read } = plan(map);
  const section = (name: string) => read.sections.get(name) ?? '';

  it('has the title, the date and every section, in order: the board’s part, then the appendix', () => {
    const h2 = read.headings.filter((h) => h.startsWith('## '));
    expect(h2).toEqual(PLAN_SECTIONS.map((s) => `## ${s}`));
    expect(read.headings[0]).toBe('# Redesign plan: Contract review with AI summaries');
    expect(markdown).toContain('Prepared 2026-11-21 from the map `contract-review`.');
  });

  it('opens with the team’s words, the triage sentence and today’s figures', () => {
    const summary = section('Summary');
    expect(summary.startsWith('optional\n\nThe rollout is stalled because')).toBe(true);
    expect(summary).toContain(analysis.triage.sentence);
    expect(summary).toContain('**Today:** lead time 3d 5h 52m per item; 50 staff minutes per item; 98.9% of the lead time is waiting.');
    expect(summary).toContain('**Dominant failure surface:** workflow (score 1 of 5, confidence');
    expect(summary).toContain('**Next motion:** workflow redesign.');
  });

  it('gives each gate in one line: what to do, who acts, what it buys, when it is done; no finding message', () => {
    const summary = section('Summary');
    expect(summary).toContain(
      "1. Halve the wait 'Paralegal re-reads contract' → 'Contract signed'. **Who acts:** Legal Ops lead (step owner). **Buys:** −1d 12h lead time. **Done when:**",
    );
    expect(summary).toContain('2. Check a sample of');
    expect(summary).toContain('**Buys:** −4h 21m lead time · −45 staff min per item. **Done when:** Checking costs less than half of the manual work');
    for (const f of analysis.findings) expect(body(markdown)).not.toContain(f.message);
  });

  it('says who is missing when the map names no sponsor, lead or milestone', () => {
    const summary = section('Summary');
    expect(summary).toContain('- **Sponsor:** not named yet');
    expect(summary).toContain('- **Program lead:** not named yet');
    expect(summary).toContain('- **90-day milestone:** not set: the program lead sets one binary thing');
  });

  it('scores the surfaces with what each rests on, stabilization not assessed', () => {
    const [scorecard] = read.tables;
    expect(scorecard.header.map((c) => c.text)).toEqual(['Surface', 'Score', 'Rests on', 'Team’s score']);
    const rows = Object.fromEntries(scorecard.rows.map((row) => [row[0].text, row.slice(1).map((c) => c.text)]));
    expect(rows['**workflow** (dominant)'][0]).toBe('**1** (stall driver)');
    expect(rows['**workflow** (dominant)'][1]).toContain('Checking costs more than doing (error, −4h 21m lead time · −45 staff min per item)');
    expect(rows.stabilization[0]).toBe('not assessed');
    expect(rows.stabilization[1]).toContain('no rule observes it');
    expect(rows.evaluation).toEqual(['5', 'no open finding', '—']);
  });

  it('shows the rollout gate as tables: what must hold, what rolls back beyond it, the protected path, who decides', () => {
    const gate = section('Rollout gate');
    // The threshold the YAML holds (22.5), not one rounded up: "below 23m" would pass a check of 22.7m.
    expect(gate).toContain('| Cost of the check “Paralegal re-reads contract” per item | below 22.5m (half of 45m by hand) | 50m |');
    expect(gate).toContain('| Reviewer override rate of “Summarise contract” | ≤ 0.15 | 0.10 |');
    expect(gate).toContain('| Critical regressions | 0 | to measure |');
    expect(gate).toContain('| Approval-SLA breaches | 0 | to measure |');
    expect(gate).toContain('| Reviewer override rate of any AI step | above 0.20 for 7 days |');
    expect(gate).toContain('| Reviewers report missing evidence | any report |');
    expect(gate).toContain('**Protected path:** 4 steps, the critical path and every AI step');
    expect(gate).toContain('**Who decides to expand or roll back:** nobody is named: the sponsor names a program lead, who decides.');
    expect(gate).not.toMatch(/lead time/i);
  });

  it('discloses the waiver; the appendix lists every finding in full, the comment thread, the gate’s YAML and the map', () => {
    expect(section('Disclosures')).toContain('- *A person moves the work* on “Paralegal re-reads contract → Contract signed”: waived by General Counsel on 2026-11-20: Board signs contracts by law');
    const appendix = section('Appendix: findings');
    for (const f of analysis.findings) expect(appendix).toContain(f.message);
    expect(appendix).toContain('Waived by General Counsel on 2026-11-20: Board signs contracts by law');
    expect(section('Appendix: open comment threads')).toBe('- On “Paralegal re-reads contract”:\n  - COO, 2026-11-20: Why every contract?');
    expect(read.code.get('mermaid')).toEqual([mapToMermaid(map, analysis).trimEnd()]);
    expect(markdown.endsWith('```\n')).toBe(true);
  });

  it('gives the rollout gate’s YAML: the protected path, the conditions and rollback beyond them, who decides', () => {
    expect(gateOf(read).rollout_gate).toEqual({
      workflow: 'Contract review with AI summaries',
      protected_path: ['Contract received', 'Summarise contract', 'Paralegal re-reads contract', 'Contract signed'],
      decides: { name: null, role: null },
      before_expansion: {
        open_errors: { max: 0, now: 2 },
        every_step_owned: { required: true, unowned_now: [] },
        override_rate: [{ step: 'Summarise contract', max: 0.15, now: 0.1 }],
        critical_regressions: { max: 0 },
        approval_sla_breaches: { max: 0 },
        verification_cost: [{ step: 'Paralegal re-reads contract', checks: ['Summarise contract'], below_minutes: 22.5, manual_minutes: 45, now_minutes: 50 }],
      },
      rollback_triggers: [
        { metric: 'override_rate', step: 'Summarise contract', above: 0.2, for_days: 7 },
        { metric: 'critical_regressions', above: 0 },
        { metric: 'reviewer_reports_of_missing_evidence', above: 0 },
      ],
    });
  });

  it('names each rule as the findings list does, never by its id, in the board’s part; the appendix gives the id beside the name', () => {
    const ids = [...new Set(analysis.findings.map((f) => f.rule))];
    expect(ids).toEqual(['human-join', 'verification-exceeds-work', 'work-did-not-move']);
    for (const id of ids) expect(body(markdown)).not.toContain(id);
    expect(read.headings).toEqual(expect.arrayContaining(['### A person moves the work (human-join)', '### Checking costs more than doing (verification-exceeds-work)', '### The AI did not move the work (work-did-not-move)']));
  });

  it('is the same text for the same map and date', () => {
    expect(plan(map).markdown).toBe(markdown);
  });
});

describe('the plan of the invoice template', () => {
  const template = findTemplate('invoice-processing')!;
  const { analysis, read } = plan(template.map);

  it('puts accountability first, has the program lead name the missing owners, and names the people and the milestone', () => {
    const summary = read.sections.get('Summary') ?? '';
    expect(analysis.gates.map((g) => [g.rule, g.targets[0], g.reason])).toEqual([
      ['no-accountable-owner', 'appr3', 'accountability'],
      ['no-accountable-owner', 'extract', 'accountability'],
    ]);
    expect(summary).toContain("1. Name an accountable owner for 'CFO signs off'. **Who acts:** AP team lead (program lead).");
    expect(summary).not.toMatch(/TBD/i);
    expect(summary).toContain('- **Sponsor:** CFO');
    expect(summary).toContain('- **Program lead:** AP team lead');
    expect(summary).toMatch(/- \*\*90-day milestone:\*\* .+ \(due \d{4}-\d{2}-\d{2}\)/);
    expect(read.sections.get('Rollout gate')).toContain('**Who decides to expand or roll back:** AP team lead (program lead).');
    expect(read.sections.get('After launch')).toMatch(/^\| Measure \| Target \| Who measures \| How often \|/);
  });

  it('says who must name someone when the map names nobody at all', () => {
    const { program: _none, ...nobody } = template.map;
    const gate = analyze(nobody).gates[0];
    expect(gate.owner).toMatchObject({ name: null, role: null });
    expect(gate.owner.action).toMatch(/whoever sponsors the pilot must do it/);
    expect(plan(nobody).read.sections.get('Summary')).toContain('Nobody is named yet: the first act is to name a program lead');
  });

  it('lists the unowned steps and every AI step’s override rate in the gate', () => {
    const gate = gateOf(read).rollout_gate;
    expect(gate.before_expansion.every_step_owned.unowned_now).toEqual(['Extract invoice fields', 'CFO signs off']);
    expect(gate.before_expansion.override_rate).toEqual([{ step: 'Extract invoice fields', max: 0.15, now: 0.22 }]);
    expect(gate.before_expansion.verification_cost).toEqual([
      { step: 'Clerk checks every field', checks: ['Extract invoice fields'], below_minutes: 6, manual_minutes: 12, now_minutes: 10 },
    ]);
  });
});

describe('the threshold a plan holds a check to', () => {
  const template = findTemplate('invoice-processing')!;

  it('is the one the 30-day gate and the rule use: a check the rule flags does not pass the rollout gate', () => {
    const { analysis, read } = plan(template.map);
    const flagged = analysis.findings.find((f) => f.rule === 'verification-exceeds-work' && f.targets[0] === 'check');
    expect(flagged?.severity).toBe('warning');
    expect(THIRTY_DAY_GATES['verification-exceeds-work'](undefined)).toContain('less than half of the manual work');
    expect(read.sections.get('Rollout gate')).toContain('| Cost of the check “Clerk checks every field” per item | below 6m (half of 12m by hand) | 10m |');
  });

  it('follows the map’s settings of the rule', () => {
    const config: AnalyzerConfig = { rules: { 'verification-exceeds-work': ['warning', { warningRatio: 0.9, errorRatio: 2 }] } };
    const { analysis, read } = plan(template.map, config);
    expect(analysis.findings.some((f) => f.rule === 'verification-exceeds-work' && f.targets[0] === 'check')).toBe(false);
    expect(read.sections.get('Rollout gate')).toContain('| Cost of the check “Clerk checks every field” per item | below 10.8m (90% of 12m by hand) | 10m |');
    expect(gateOf(read).rollout_gate.before_expansion.verification_cost[0]).toMatchObject({ below_minutes: 10.8, manual_minutes: 12 });
  });
});

describe('plans of other maps', () => {
  it('does not tell a board to expand when every finding is waived but the rollout gate does not hold', () => {
    // Every finding of the example waived: no gate is left, yet its check still costs 50m against the 22.5m the gate allows.
    const map = loadMap('contract-review.json');
    const by = { by: 'General Counsel', at: '2026-11-21', reason: 'Accepted by the board' };
    map.waivers = [
      ...map.waivers,
      { rule: 'human-join', target: 'j2', ...by },
      { rule: 'verification-exceeds-work', target: 'chk', ...by },
      { rule: 'work-did-not-move', target: 'j3', ...by },
    ];
    const { analysis, read } = plan(map);
    expect(analysis.findings.every((f) => f.waived)).toBe(true);
    const summary = read.sections.get('Summary') ?? '';
    expect(summary).not.toContain('expand under the rollout gate below');
    expect(summary).toContain(
      '### Next 30 days\n\nThe rollout gate below does not hold yet: the check “Paralegal re-reads contract” costs 50m per item, not below 22.5m. Meet it before expanding.',
    );
    expect(read.sections.get('Rollout gate')).toContain('| Cost of the check “Paralegal re-reads contract” per item | below 22.5m (half of 45m by hand) | 50m |');
  });

  it('says “No stall found” and “expand under the rollout gate” when nothing blocks the rollout', () => {
    const { read } = plan(loadMap('analyzer/human-join/valid-system-joins.json'));
    const summary = read.sections.get('Summary') ?? '';
    expect(summary).toContain('No stall found');
    expect(summary).toContain('**Next motion:** expand under the rollout gate.');
    expect(summary).toContain('Nothing blocks the rollout: expand under the rollout gate below.');
    expect(summary).not.toContain('The rollout is stalled');
  });

  it('asks the contract template’s weekly committee to decide as items arrive, and closes the gate on that', () => {
    // The committee signs: "automate the hand-off" and "moves without a person" are not what it can do.
    const template = findTemplate('contract-review')?.map as StallMap;
    const summary = plan(template).read.sections.get('Summary') ?? '';
    expect(summary).toContain("1. Stop holding 'Paralegal re-reads contract' → 'Contract signed' for a meeting: decide each item as it arrives. **Who acts:** Legal Ops lead (step owner).");
    expect(summary).toContain('**Done when:** This join waits on nobody: an API, a queue or an event moves it, or the decision is made as items arrive, not at a meeting.');
    expect(summary).not.toMatch(/Automate the hand-off 'Paralegal re-reads contract' → 'Contract signed'|moves without a person/);
  });

  it('uses the configured thresholds in the gates and the rollout gate, rollback still beyond them, and discloses the settings', () => {
    const config: AnalyzerConfig = { rules: { 'override-rate': ['warning', { maxOverrideRate: 0.05 }], 'verification-exceeds-work': ['error', { warningRatio: 0.25 }] } };
    const { read } = plan(loadMap('contract-review.json'), config);
    const gate = gateOf(read).rollout_gate;
    expect(gate.before_expansion.override_rate[0].max).toBe(0.05);
    expect(gate.rollback_triggers[0]).toMatchObject({ metric: 'override_rate', above: 0.2 });
    expect(read.sections.get('Summary')).toContain('Checking costs less than 25% of the manual work');
    expect(THIRTY_DAY_GATES['override-rate']({ maxOverrideRate: 0.05 })).toContain('at most 5%');
    expect(THIRTY_DAY_GATES['approval-chain'](undefined)).toContain('Fewer than 3 approvals stand between');
    expect(THIRTY_DAY_GATES['approval-chain']({ minApprovals: 2 })).toContain('Fewer than 2 approvals stand between');
    // A map that flags one approval: "Fewer than 1 approvals" asked for none, in words a board trips on.
    expect(THIRTY_DAY_GATES['approval-chain']({ minApprovals: 1 })).toBe('No approval stands between the AI step and the outcome: it is approved by rule.');
    const disclosures = read.sections.get('Disclosures') ?? '';
    expect(disclosures).toContain('- *Outputs often overridden*: maxOverrideRate 0.05 (a config file)');
    expect(disclosures).toContain('- *Checking costs more than doing*: every finding an error, warningRatio 0.25 (a config file)');
  });

  it('keeps the override rollback threshold strictly beyond the one that must hold, whatever the setting', () => {
    for (const max of [0, 0.05, 0.15, 0.2, 0.5, 1]) {
      const gate = gateOf(plan(loadMap('contract-review.json'), { rules: { 'override-rate': ['warning', { maxOverrideRate: max }] } }).read).rollout_gate;
      expect(gate.rollback_triggers[0].above).toBeGreaterThan(gate.before_expansion.override_rate[0].max);
      expect(gate.rollback_triggers[0].above).toBeGreaterThanOrEqual(0.2);
    }
  });

  it('puts every AI step on the protected path, on the critical path or not', () => {
    const map = loadMap('contract-review.json');
    map.steps.push({ id: 'side', kind: 'ai', label: 'Side model', owner: 'Ops', workMinutes: 1 });
    map.joins.push({ id: 'js', from: 'in', to: 'side', handoff: 'system' }, { id: 'js2', from: 'side', to: 'out', handoff: 'system' });
    const gate = gateOf(plan(map).read).rollout_gate;
    expect(gate.protected_path).toContain('Side model');
    expect(gate.protected_path).toContain('Summarise contract');
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
    expect(plan(map).read.sections.get('Appendix: open comment threads')).toBe(
      [
        '- On “Paralegal re-reads contract”:',
        '  - COO, 2026-11-20: Why every contract?',
        '    - Legal Ops lead, 2026-11-20: Sampling from May.',
        '    - Paralegal, 2026-11-20: Policy.',
        '- On “emailed”, finding *A person moves the work*:',
        '  - CIO, 2026-11-21: API next sprint.',
        '- On gone (no longer on the map):',
        '  - COO, 2026-11-19: Orphan?',
      ].join('\n'),
    );
  });

  it('leaves out a picture too large for Mermaid renderers, and says so', () => {
    const map = loadMap('contract-review.json');
    const template = map.steps[1];
    for (let i = 0; i < 800; i++) map.steps.push({ ...template, id: `extra${i}`, label: `An extra AI step with a long label, number ${i}` });
    const { read } = plan(map);
    expect(read.code.get('mermaid')).toBeUndefined();
    expect(read.sections.get('Appendix: the map')).toMatch(/^The map has 804 steps: too many to draw here\. Open it in Stallmap, or export it as SVG \(as a Mermaid picture it would be [\d,]+ characters, past the 50,000 its renderers accept\)\./);
  });

  it('copes with a map with no steps, and never states a lead time it does not have', () => {
    const { read, markdown } = plan(loadMap('analyzer/dangling-step/invalid-empty.json'));
    expect(read.headings.filter((h) => h.startsWith('## '))).toEqual(PLAN_SECTIONS.map((s) => `## ${s}`));
    expect(read.sections.get('Summary')).toContain('**Today:** no path runs from a start to an end, so the map gives no lead time yet.');
    expect(markdown).not.toMatch(/Lead time 0|lead time 0/);
  });

  it('says when a figure rests on missing numbers, and never prints a non-finite value', () => {
    const map = loadMap('contract-review.json');
    delete map.steps[2].workMinutes;
    map.steps[1].workMinutes = 5_256_000;
    map.steps[1].manualMinutes = 5_256_000;
    map.joins[2].waitMinutes = 5_256_000;
    map.volumePerWeek = 1_000_000_000;
    map.costPerHour = 1_000_000;
    const { markdown, read } = plan(map);
    expect(read.sections.get('Summary')).toMatch(/lead time .+ per item \(numbers missing: 1 number counted as 0, so at least this\)/);
    expect(markdown).not.toMatch(/Infinity|NaN|undefined/);
  });
});
