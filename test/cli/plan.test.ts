import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../server/cli/main';
import { analyze } from '../../src/core/analyzer';
import { planMarkdown } from '../../src/core/plan';
import { loadMap } from '../core/analyzer/fixtures';
import { runBin } from './bin';

const EXAMPLE = 'test/fixtures/contract-review.json';
const usage = 'Usage: stallmap plan MAP.json [--out FILE] [--config FILE]';
/** 2026-11-21T00:00:00Z: the plan's date comes from SOURCE_DATE_EPOCH when it is set. */
const EPOCH = String(Date.UTC(2026, 10, 21) / 1000);

const stallmap = (...args: string[]) => runBin(args, { SOURCE_DATE_EPOCH: EPOCH });

/** The same command line in this process (quicker), for the cases the bin tests above do not need. */
async function inProcess(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await main(args, { out: (text) => (stdout += text), err: (text) => (stderr += text), color: false });
  return { status, stdout, stderr };
}

const scratch = mkdtempSync(join(tmpdir(), 'stallmap-plan-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.concurrent('stallmap plan', () => {
  it('prints the plan of a map as Markdown and exits 0, open errors or not', async () => {
    const { status, stdout, stderr } = await stallmap('plan', EXAMPLE);
    expect(status).toBe(0);
    expect(stderr).toBe('');
    const map = loadMap('contract-review.json');
    expect(stdout).toBe(planMarkdown(map, analyze(map), { now: new Date('2026-11-21T00:00:00Z') }));
    expect(stdout).toContain('# Redesign plan: Contract review with AI summaries');
    expect(stdout).toContain('The rollout is stalled because the AI removes only 0.9% of the lead time');
  });

  it('writes the plan to --out FILE and nothing to stdout', async () => {
    const out = join(scratch, 'plan.md');
    const { status, stdout } = await stallmap('plan', EXAMPLE, '--out', out);
    expect(status).toBe(0);
    expect(stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toBe((await stallmap('plan', EXAMPLE)).stdout);
  });

  it('refuses to write the plan over the map it is made from, and leaves the map as it was', async () => {
    const map = join(scratch, 'map.json');
    copyFileSync(EXAMPLE, map);
    const { status, stderr } = await inProcess('plan', map, '--out', join(scratch, '.', 'map.json'));
    expect(status).toBe(2);
    expect(stderr).toContain('is the map itself: name another file for the plan');
    expect(readFileSync(map, 'utf8')).toBe(readFileSync(EXAMPLE, 'utf8'));
  });

  it('applies --config to the findings and the gate', async () => {
    const { status, stdout } = await inProcess('plan', EXAMPLE, '--config', 'test/fixtures/analyzer/cli/config-relaxed.json');
    expect(status).toBe(0);
    expect(stdout).not.toContain('(human-join)\n');
    expect(stdout).toContain('### Checking costs more than doing (verification-exceeds-work)');
    expect(stdout).toContain('- *(warning)* Checking');
    expect(stdout).toContain('- *A person moves the work*: turned off (a config file)');
  });

  it('is listed in --help', async () => {
    const { stdout } = await inProcess('--help');
    expect(stdout).toContain('stallmap plan MAP.json [--out FILE] [--config FILE]');
  });
});

describe.concurrent('stallmap plan on bad input exits 2 with the file, the place and what is wrong', () => {
  it('names every schema error by its JSON path, exactly as analyze does', async () => {
    const broken = 'test/fixtures/analyzer/cli/broken-map.json';
    const { status, stdout, stderr } = await stallmap('plan', broken);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(`stallmap: ${broken} is not a valid Stallmap map (4 errors):\n  steps[1].kind (line 8): must be one of`);
    expect(stderr).toContain("\n  joins[1].to (line 13): no step 'nowhere'\n");
    const analyzed = await inProcess('analyze', broken);
    expect(stderr).toBe(analyzed.stderr.replace('stallmap analyze MAP.json [--format text|json] [--config FILE]', 'stallmap plan MAP.json [--out FILE] [--config FILE]'));
  });

  it.each([
    [['plan'], 'stallmap: which map? Name a map file'],
    [['plan', 'no/such/map.json'], 'stallmap: cannot read map no/such/map.json: no such file'],
    [['plan', 'test/fixtures/analyzer/cli/not-json.json'], 'not-json.json is not a valid Stallmap map (1 error):\n  (JSON): '],
    [['plan', EXAMPLE, '--out', 'no/such/dir/plan.md'], 'stallmap: cannot write the plan to no/such/dir/plan.md: '],
    [['plan', EXAMPLE, '--out'], "stallmap: option '--out' needs a value (FILE)"],
    [['plan', EXAMPLE, '--format', 'json'], "stallmap: unknown option '--format'"],
    [['plan', EXAMPLE, '--config', 'test/fixtures/analyzer/cli/config-malformed.json'], 'rules.human-join: must be one of off, info, warning, error'],
  ])('%j', async (args, message) => {
    const { status, stdout, stderr } = await inProcess(...args);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
    expect(stderr).toContain(usage);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
