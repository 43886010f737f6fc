import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../server/cli/main';
import { runBin } from './bin';

const fixture = (name: string) => `test/fixtures/analyzer/${name}`;
const EXAMPLE = 'test/fixtures/contract-review.json';

const stallmap = (...args: string[]) => runBin(args);

describe.concurrent('stallmap analyze', () => {
  it('exits 1 with open errors and prints findings by severity, waived apart, then metrics and triage', async () => {
    const { status, stdout, stderr } = await stallmap('analyze', EXAMPLE);
    expect(status).toBe(1);
    expect(stderr).toBe('');
    const headings = stdout.split('\n').filter((line) => /^[A-Z]/.test(line));
    expect(headings).toEqual([
      'Contract review with AI summaries (test/fixtures/contract-review.json)',
      'Gates for the next 30 days',
      'Errors (2)',
      'Warnings (1)',
      'Waived (1)',
      'Metrics',
      'Triage',
    ]);
    // The gates first, each with what it buys and who acts.
    expect(stdout).toContain("  1. work-did-not-move on 'Paralegal re-reads contract' → 'Contract signed' (j3): −1d 12h lead time");
    expect(stdout).toContain("  2. verification-exceeds-work on 'Paralegal re-reads contract' (chk): −4h 21m lead time · −45 staff min per item");
    expect(stdout).toContain('     Who acts: Legal Ops lead (step owner): check a sample of');
    expect(stdout).toContain(
      "  human-join                 'emailed' (j2): Manual hand-off 'emailed' from 'Summarise contract' to 'Paralegal re-reads contract' adds a 1h wait [−1h lead time]",
    );
    expect(stdout).toContain("verification-exceeds-work  'Paralegal re-reads contract' (chk): Checking 'Summarise contract' costs 50m per item");
    expect(stdout).toContain('[warning, waived by General Counsel on 2026-11-20: Board signs contracts by law]');
    expect(stdout).toContain('Lead time        3d 5h 52m (4,672 min)');
    expect(stdout).toContain('Waiting          98.9% of the lead time');
    expect(stdout).toContain('AI saving        0.9% of the lead time before AI (43m saved)');
    expect(stdout).toContain('Staff time       50 min per item (45 before AI)');
    expect(stdout).toContain('The rollout is stalled because the AI removes only 0.9% of the lead time');
    expect(stdout).toContain('stabilization not assessed');
    expect(stdout).not.toContain('\x1b['); // not a terminal: no colour
  });

  it('prints a rollout blocker joined to the gate on its step under that gate, and the act for both', async () => {
    const { stdout } = await stallmap('analyze', 'test/fixtures/hand-computed/unowned-unattended.json');
    expect(stdout).toContain(
      [
        "  1. no-accountable-owner on 'Auto-approve refund' (decide): no time impact",
        "     'Auto-approve refund' has no accountable owner",
        "     unverified-ai-output: The output of 'Auto-approve refund' can reach 'Refund paid' without any verification or approval",
        "     Who acts: Refunds program lead (program lead): name an accountable owner for 'Auto-approve refund', who then must put a check or an approval on the output of 'Auto-approve refund' before it reaches 'Refund paid'",
      ].join('\n'),
    );
  });

  it('prints { findings, metrics, scores, triage, gates, waivers, settings } as JSON, each finding with its impact', async () => {
    const { status, stdout } = await stallmap('analyze', EXAMPLE, '--format', 'json');
    expect(status).toBe(1);
    const output = JSON.parse(stdout);
    expect(Object.keys(output)).toEqual(['findings', 'metrics', 'scores', 'triage', 'gates', 'waivers', 'settings']);
    expect(output.gates.map((g: { rule: string; impact: unknown }) => [g.rule, g.impact])).toEqual([
      ['work-did-not-move', { leadTimeMinutes: 2160, staffMinutesPerItem: 0 }],
      ['verification-exceeds-work', { leadTimeMinutes: 261, staffMinutesPerItem: 45 }],
    ]);
    expect(output.findings).toHaveLength(4);
    expect(output.findings[2]).toMatchObject({
      rule: 'verification-exceeds-work',
      severity: 'error',
      targets: ['chk', 'sum'],
      surface: 'workflow',
      evidence: { verifyMinutes: 50, workMinutes: 45 },
      waived: false,
      impact: { leadTimeMinutes: 261, staffMinutesPerItem: 45 },
    });
    expect(output.metrics).toMatchObject({ leadTimeMinutes: 4672, aiSavedMinutes: 43, staffMinutesPerItem: 50, staffMinutesBeforeAi: 45, missing: [] });
    expect(Object.keys(output.metrics)).toEqual([
      'criticalPath',
      'leadTimeMinutes',
      'aiSavedMinutes',
      'aiSavingShare',
      'waitShare',
      'staffMinutesPerItem',
      'staffMinutesBeforeAi',
      'missing',
      'counts',
    ]);
    expect(output.scores.workflow.score).toBe(1);
    expect(output.triage.dominantSurface).toBe('workflow');
  });

  it('lists a finding a config sets to info under Info with what it buys, not as a number missing', async () => {
    let out = '';
    await main(['analyze', EXAMPLE, '--config', fixture('cli/config-info.json')], { out: (text) => (out += text), err: () => {}, color: false });
    expect(out).toContain('Info (1)');
    expect(out).not.toContain('numbers missing');
    expect(out).toMatch(/human-join +'emailed' \(j2\): .* \[−1h lead time\]/);
  });

  it('says none for the figures of the path, never 0, on a map with no path from a start to an end', async () => {
    const map = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as { joins: { id: string }[] };
    map.joins = map.joins.filter((join) => join.id !== 'j3'); // nothing reaches the end
    const dir = mkdtempSync(join(tmpdir(), 'stallmap-no-path-'));
    try {
      const file = join(dir, 'no-path.json');
      writeFileSync(file, JSON.stringify(map));
      let out = '';
      await main(['analyze', file], { out: (text) => (out += text), err: () => {}, color: false });
      for (const figure of ['Lead time', 'Waiting', 'AI saving', 'Staff time']) expect(out).toMatch(new RegExp(`  ${figure} +none: no path from a start to an end\n`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads a config file that starts with a byte-order mark, as it reads such a map', async () => {
    const { status, stdout, stderr } = await stallmap('analyze', EXAMPLE, '--config', fixture('cli/config-bom.json'), '--format=json');
    expect(stderr).toBe('');
    expect(status).toBe(1);
    expect(JSON.parse(stdout).settings).toMatchObject([{ rule: 'approval-chain', severity: 'off', source: 'config' }]);
  });

  it('exits 0 when no open error is left, with a config file applied over the map', async () => {
    const { status, stdout } = await stallmap('analyze', EXAMPLE, '--config', fixture('cli/config-relaxed.json'), '--format=json');
    expect(status).toBe(0);
    const { findings } = JSON.parse(stdout);
    expect(findings.map((f: { rule: string; severity: string }) => `${f.rule} ${f.severity}`)).toEqual([
      'verification-exceeds-work warning',
      'work-did-not-move warning',
    ]);
  });

  it('exits 0 on a map whose findings are warnings only, and says when there are none', async () => {
    expect((await stallmap('analyze', fixture('override-rate/valid-at-threshold.json'))).status).toBe(0);
    const clean = await stallmap('analyze', fixture('human-join/valid-system-joins.json'));
    expect(clean.status).toBe(0);
    expect(clean.stdout).toContain('No findings.');
    expect(clean.stdout).toContain('No stall found');
  });

  it('warns about unknown rules and options in a config file, naming them', async () => {
    const { status, stderr } = await stallmap('analyze', EXAMPLE, '--config', fixture('cli/config-typos.json'));
    expect(status).toBe(1);
    expect(stderr).toContain(
      "stallmap: warning: test/fixtures/analyzer/cli/config-typos.json rules.human-joins: unknown rule 'human-joins' (did you mean 'human-join'?)",
    );
    expect(stderr).toContain("rules.approval-chain[1].minApproval: unknown option 'minApproval' (options: minApprovals)");
  });
});

describe.concurrent('stallmap analyze on bad input exits 2 with the file, the place and what is wrong', () => {
  const usage = 'Usage: stallmap analyze MAP.json [--format text|json] [--config FILE]';

  it('names every schema error by its JSON path', async () => {
    const { status, stdout, stderr } = await stallmap('analyze', fixture('cli/broken-map.json'));
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      [
        'stallmap: test/fixtures/analyzer/cli/broken-map.json is not a valid Stallmap map (4 errors):',
        '  steps[1].kind (line 8): must be one of start, end, human, ai, system, approval, verification, handoff',
        '  steps[1].workMinutes (line 8): must be ≥ 0',
        "  steps[2] (line 9): unknown field 'colour'",
        "  joins[1].to (line 13): no step 'nowhere'",
        `${usage}  (stallmap --help for more)`,
        '',
      ].join('\n'),
    );
  });

  it.each([
    [['analyze', fixture('cli/not-json.json')], 'not-json.json is not a valid Stallmap map (1 error):\n  (JSON): '],
    [['analyze', 'no/such/map.json'], 'stallmap: cannot read map no/such/map.json: no such file'],
    [['analyze', 'test/fixtures'], 'stallmap: cannot read map test/fixtures: it is a directory'],
    [['analyze'], 'stallmap: which map? Name a map file'],
    [['analyze', EXAMPLE, '--config', 'no/such/config.json'], 'stallmap: cannot read config no/such/config.json: no such file'],
    [['analyze', EXAMPLE, '--config', fixture('cli/not-json.json')], 'not-json.json is not valid JSON'],
    [['analyze', EXAMPLE, '--config', fixture('cli/config-malformed.json')], 'rules.human-join: must be one of off, info, warning, error'],
    [['analyze', EXAMPLE, '--config', fixture('cli/config-null.json')], "(root): must be an object like a map's settings, not null"],
    [['analyze', EXAMPLE, '--verbose'], "stallmap: unknown option '--verbose'"],
    [['analyze', EXAMPLE, '--format', 'xml'], "stallmap: option '--format' must be text or json, not 'xml'"],
    [['analyze', EXAMPLE, '--config'], "stallmap: option '--config' needs a value (FILE)"],
    [['analyse', EXAMPLE], "stallmap: unknown command 'analyse' (commands: analyze, plan, serve, export-all, import-all)"],
  ])('%j', async (args, message) => {
    const { status, stdout, stderr } = await stallmap(...args);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
    expect(stderr).toMatch(/Usage: stallmap|stallmap --help/);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});

describe.concurrent('stallmap --help', () => {
  it('prints the usage of every command and exits 0', async () => {
    const { status, stdout } = await stallmap('--help');
    expect(status).toBe(0);
    expect(stdout).toContain('stallmap analyze MAP.json [--format text|json] [--config FILE]');
    expect(stdout).toContain('--format text|json');
    expect((await stallmap('analyze', '--help')).stdout).toContain('Usage: stallmap analyze');
  });
});

describe('colour', () => {
  it('marks severities with colour only when asked to (a terminal without NO_COLOR)', async () => {
    let out = '';
    const io = { out: (text: string) => (out += text), err: () => {}, color: true };
    expect(await main(['analyze', EXAMPLE], io)).toBe(1);
    expect(out).toContain('\x1b[31m');
    out = '';
    await main(['analyze', EXAMPLE], { ...io, color: false });
    expect(out).not.toContain('\x1b[');
  });
});
