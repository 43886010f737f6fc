import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { StallMap } from '../../src/core/model';
import { loadFixture } from '../fixtures/load';
import { runBin } from './bin';

/**
 * What `stallmap analyze` tells a person beyond the findings (waivers refused or stale, rules set
 * away from their defaults), and what it never lets through to their terminal: a label's control
 * characters, or a stack trace when the reader of a pipe stops early.
 */
/** Any control character but the line break and the tab, or a right-to-left override. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]/;

const scratch = mkdtempSync(join(tmpdir(), 'stallmap-disclosures-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function mapFile(name: string, map: unknown): string {
  const file = join(scratch, name);
  writeFileSync(file, JSON.stringify(map));
  return file;
}

/** The contract review with a waiver accountability refuses, one that matches nothing, and a rule set in the map. */
function disclosedMap(): StallMap {
  const map = loadFixture('contract-review');
  const ai = map.steps.find((s) => s.kind === 'ai');
  if (!ai) throw new Error('the example has an AI step');
  delete ai.owner;
  map.waivers = [
    ...(map.waivers ?? []),
    { rule: 'no-accountable-owner', target: ai.id, reason: 'The vendor owns the model', by: 'CTO', at: '2026-01-01' },
    { rule: 'human-join', target: 'gone', reason: 'Fixed last quarter', by: 'Ops', at: '2026-02-01' },
  ];
  map.settings = { rules: { 'override-rate': ['warning', { maxOverrideRate: 0.05 }] } };
  return map;
}

describe.concurrent('stallmap analyze discloses', () => {
  const file = mapFile('disclosed.json', disclosedMap());

  it('refused and stale waivers and changed settings in its JSON', async () => {
    const { stdout } = await runBin(['analyze', file, '--format', 'json']);
    const { waivers, settings } = JSON.parse(stdout);
    expect(waivers.refused).toMatchObject([{ rule: 'no-accountable-owner', by: 'CTO' }]);
    expect(waivers.stale).toMatchObject([{ rule: 'human-join', target: 'gone' }]);
    expect(settings).toMatchObject([{ rule: 'override-rate', source: 'map', options: { maxOverrideRate: 0.05 } }]);
  });

  it('and in its text, each under a heading of its own', async () => {
    const { stdout } = await runBin(['analyze', file]);
    expect(stdout).toContain('Refused waivers (1): the findings stay open');
    expect(stdout).toMatch(/no-accountable-owner +'Summarise contract' \(\w+\): waived by CTO on 2026-01-01\. Accountability cannot be waived/);
    expect(stdout).toContain('Stale waivers (1): they match no finding');
    expect(stdout).toMatch(/human-join +gone \(no longer on the map\): waived by Ops on 2026-02-01/);
    expect(stdout).toContain('Rule settings that differ from the defaults');
    expect(stdout).toMatch(/override-rate +maxOverrideRate 0\.05 \(the map's settings\)/);
  });
});

describe.concurrent('stallmap in a terminal', () => {
  it('drops the control and bidirectional characters a map holds, in its report and in its errors', async () => {
    const map = loadFixture('contract-review');
    map.steps[1].label = 'Sum\x1b[2J\x1b]0;pwned\x07mar\u202eise\u009b31m';
    const { stdout } = await runBin(['analyze', mapFile('controls.json', map)]);
    expect(stdout).toContain("'Sum[2J]0;pwnedmarise31m'");
    expect(stdout).not.toMatch(CONTROL);

    const bad = { ...loadFixture('contract-review'), steps: [{ id: 'x', kind: 'human', label: 'X', '\x1b[2Jowner': 'me' }] };
    const { status, stderr } = await runBin(['analyze', mapFile('bad-key.json', bad)]);
    expect(status).toBe(2);
    expect(stderr).toContain("unknown field '[2Jowner'");
    expect(stderr).not.toMatch(CONTROL);
  });

  it('stops quietly when the reader of its output stops early (`| head`), without a stack trace', async () => {
    // A plan far longer than a pipe holds, read a line of and then closed.
    const map = loadFixture('contract-review');
    const steps = Array.from({ length: 1500 }, (_, i) => ({ id: `s${i}`, kind: 'human' as const, label: `Step ${i}`, owner: 'Ops', workMinutes: 5 }));
    const chain = { ...map, steps: [...map.steps, ...steps], joins: [...map.joins, ...steps.slice(1).map((s, i) => ({ id: `c${i}`, from: steps[i].id, to: s.id, handoff: 'manual' as const }))] };
    const file = mapFile('long.json', chain);
    const child = spawn(process.execPath, ['bin/stallmap.js', 'plan', file], { cwd: new URL('../..', import.meta.url), env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.once('data', () => child.stdout.destroy());
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(status).toBe(0);
  });
});
