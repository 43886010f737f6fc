import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { main } from '../../server/cli/main';

/**
 * The marketing-content example: today 14,178 min (1w 2d 20h 18m) from brief to published; the
 * team's redesign (a named counsel with a one-day SLA, API joins, QA sampling one piece in ten,
 * a system style check in place of the editor's pass) takes 960 min (16h). Worked out by hand:
 *   today:    3 + 120 + (45 + 480) + 240 + (30 + 4,239) + 8,640 + (60 + 250) + 60 + 11 = 14,178
 *   redesign: 3 + 0 + 1 + 0 + (30 + 884) + 0 + (60 + 250) × 0.1 + 0 + 11 = 960
 */
const EXAMPLE = 'test/fixtures/marketing-content.json';

async function run(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await main(args, { out: (text) => (stdout += text), err: (text) => (stderr += text), color: false });
  return { status, stdout, stderr };
}

/** The real bin, once, as a user runs it (the plan's date fixed by SOURCE_DATE_EPOCH). */
function stallmap(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const options = { cwd: new URL('../..', import.meta.url), env: { ...process.env, NO_COLOR: '', SOURCE_DATE_EPOCH: String(Date.UTC(2026, 10, 21) / 1000) } };
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/stallmap.js', ...args], options, (error, stdout, stderr) => {
      resolve({ status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}

describe.concurrent('the command line on a map with a redesign', () => {
  it('analyze --format json carries the redesign’s metrics, findings and the change in each figure', async () => {
    const { stdout, stderr } = await run('analyze', EXAMPLE, '--format', 'json');
    expect(stderr).toBe('');
    const { metrics, redesign } = JSON.parse(stdout);
    expect(metrics.leadTimeMinutes).toBe(14178);
    expect(redesign.metrics.leadTimeMinutes).toBe(960);
    expect(redesign.findings.map((f: { rule: string }) => f.rule)).not.toContain('human-join');
    expect(redesign.delta).toMatchObject({ leadTimeMinutes: -13218, manualJoins: -3, meetings: -1, checkMinutesPerItem: -54, openErrors: -2 });
  });

  it('analyze as text ends with the before and after, in the product’s units', async () => {
    const { stdout } = await run('analyze', EXAMPLE);
    const section = stdout.slice(stdout.indexOf('Redesign (today → redesigned)'), stdout.indexOf('Triage'));
    expect(section).toMatch(/^ {2}Lead time +1w 2d 20h 18m → 16h \(−1w 2d 4h 18m\)$/m);
    expect(section).toMatch(/^ {2}Manual joins +3 → 0 \(−3\)$/m);
    expect(section).toMatch(/^ {2}Checks’ cost per item +1h → 6m \(−54m\)$/m);
    expect(section).toMatch(/^ {2}Open errors +2 → 0 \(−2\)$/m);
  });

  it('plan writes the before and after and the redesigned map’s picture on the first page, today’s map in the appendix', async () => {
    const { status, stdout } = await stallmap('plan', EXAMPLE);
    expect(status).toBe(0);
    const summary = stdout.slice(stdout.indexOf('## Summary'), stdout.indexOf('## Scorecard'));
    expect(summary).toContain('### Before and after the redesign');
    expect(summary).toMatch(/\| Lead time \| 1w 2d 20h 18m \| 16h \|/);
    const redesignPicture = summary.slice(summary.indexOf('### The redesign'));
    expect(redesignPicture.match(/```mermaid/g)).toHaveLength(1);
    expect(redesignPicture).toContain('"Style and brand check"');
    expect(redesignPicture).not.toContain('"Editor polishes"');
    const appendix = stdout.slice(stdout.indexOf('## Appendix: the map'));
    expect(appendix.match(/```mermaid/g)).toHaveLength(1);
    expect(appendix).toContain('"Editor polishes"');
  });
});
