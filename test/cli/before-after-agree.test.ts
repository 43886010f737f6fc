import { describe, expect, it } from 'vitest';
import { main } from '../../server/cli/main';

/**
 * test/fixtures/invoice-sampled-check.json: an invoice flow whose redesign drops the re-keying,
 * turns the approval meeting into a system join, names the approver and samples the check one
 * invoice in ten, so its figures fall between whole numbers:
 *   lead time   7,551 → 4,419.5 min (the check's 15 + 120 min counted at 0.1: 13.5)
 *   typical     4,591 → 1,459.5 min
 *   staff       34 → 10.5 min per item; × 500 a week / 60: 283.33 → 87.5 h a week
 *   checks      15 → 1.5 min per item
 * The compare view, the CLI and the plan show these to a board; they must give the same numbers
 * (once 3d 1h 39.5m on the page and 3d 1h 40m in the plan, 88 and 87.5, 283 and 283.3), and each
 * change must be the difference of the figures shown (283 → 88 once read −196).
 */
const MAP = 'test/fixtures/invoice-sampled-check.json';

async function run(...args: string[]): Promise<string> {
  let stdout = '';
  const status = await main(args, { out: (text) => (stdout += text), err: () => undefined, color: false });
  expect(status).toBeLessThan(2);
  return stdout;
}

const EXPECTED: [string, string, string, string][] = [
  ['Lead time', '5d 5h 51m', '3d 1h 40m', '−2d 4h 11m'],
  ['Typical lead time', '3d 4h 31m', '1d 20m', '−2d 4h 11m'],
  ['Staff hours a week', '283', '88', '−195'],
  ['Manual joins', '4', '2', '−2'],
  ['Meetings', '1', '0', '−1'],
];

describe('the before and after, in the CLI and in the plan', () => {
  it('the CLI gives each figure as shown, and changes that add up', async () => {
    const text = await run('analyze', MAP);
    const section = text.slice(text.indexOf('Redesign (today → redesigned)'), text.indexOf('Triage'));
    for (const [label, before, after, change] of EXPECTED) expect(section).toMatch(new RegExp(`^ {2}${label} +${before} → ${after} \\(${change}\\)$`, 'm'));
    // A change between figures under ten minutes keeps their precision: not "−14m".
    expect(section).toMatch(/^ {2}Checks’ cost per item +15m → 1\.5m \(−13\.5m\)$/m);
    // The metrics above it say the staff hours as the page does.
    expect(text).toContain('· 283 h/week ·');
  });

  it('the plan gives the same figures, in the same words, with the same change', async () => {
    const plan = await run('plan', MAP);
    const table = plan.slice(plan.indexOf('### Before and after the redesign'), plan.indexOf('### The redesign'));
    expect(table).toContain('| | Today | Redesign | Change |');
    for (const [label, before, after, change] of EXPECTED) expect(table).toContain(`| ${label} | ${before} | ${after} | ${change} |`);
    expect(table).toContain('| Approvals on the AI’s path | 1 | 1 | = |');
    expect(plan).toContain('; 283 staff hours a week (11,333 a week at 40 an hour);');
  });
});
