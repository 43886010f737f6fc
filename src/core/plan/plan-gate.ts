import type { RolloutGate } from './rollout-gate';
import { shareWords } from './check-share';
import { escapeMarkdown as md } from './escape';
import { plural } from '../plural';
import { formatDuration } from '../model';
import { label, minutes } from './plan-words';

/** Above this many AI steps or checks, the table gives one row for all of them (the YAML lists each). */
const MOST_ROWS = 3;

/**
 * The rollout gate as a board reads it: what must hold before expansion, what rolls it back (at
 * thresholds strictly beyond those), the protected path, and who decides. The same gate as YAML,
 * for tools, is in the appendix.
 */
export function rolloutGateSection(gate: RolloutGate): string[] {
  const rate = (n: number | null) => (n === null ? 'not recorded' : n.toFixed(2));
  const hold: [string, string, string][] = [
    ['Open errors', '0', String(gate.openErrors)],
    ['Steps without a named owner', '0', String(gate.unowned.length)],
  ];
  if (gate.overrideRates.length > MOST_ROWS) {
    const known = gate.overrideRates.flatMap((o) => (o.now === null ? [] : [o.now]));
    hold.push([`Reviewer override rate, each of ${gate.overrideRates.length} AI steps`, `≤ ${gate.maxOverrideRate}`, known.length ? `highest ${rate(Math.max(...known))}` : 'not recorded']);
  } else {
    for (const o of gate.overrideRates) hold.push([`Reviewer override rate of ${label(o.step)}`, `≤ ${o.max}`, rate(o.now)]);
  }
  hold.push(['Critical regressions', '0', 'to measure'], ['Approval-SLA breaches', '0', 'to measure']);
  const share = shareWords(gate.checkShare);
  if (gate.verifications.length > MOST_ROWS) {
    const over = gate.verifications.filter((v) => v.belowMinutes !== null && v.nowMinutes !== null && v.nowMinutes >= v.belowMinutes).length;
    hold.push([`Cost of each of ${gate.verifications.length} checks`, `below ${share} of the work it checks`, `${over} at or above`]);
  } else {
    for (const v of gate.verifications) {
      const threshold = v.belowMinutes === null ? `below ${share} of the manual work (numbers missing)` : `below ${exactMinutes(v.belowMinutes)} (${share} of ${minutes(v.manualMinutes ?? undefined)} by hand)`;
      hold.push([`Cost of the check ${label(v.step)} per item`, threshold, v.nowMinutes === null ? 'not recorded' : minutes(v.nowMinutes)]);
    }
  }
  const back: [string, string][] = [];
  if (gate.overrideRates.length) back.push(['Reviewer override rate of any AI step', `above ${gate.rollbackOverrideRate.toFixed(2)} for 7 days`]);
  back.push(['Critical regressions', 'any'], ['Reviewers report missing evidence', 'any report']);
  const [first, last] = [gate.protectedPath[0], gate.protectedPath.at(-1)];
  const path = gate.protectedPath.length
    ? `**Protected path:** ${plural(gate.protectedPath.length, 'step')}, the critical path${gate.overrideRates.length ? ' and every AI step' : ''}${first && last && first !== last ? `, from ${label(first)} to ${label(last)}` : ''} (listed in the appendix).`
    : '**Protected path:** none yet: no path runs from a start to an end.';
  const decides = gate.decides.name
    ? `**Who decides to expand or roll back:** ${md(gate.decides.name)} (${gate.decides.role}).`
    : '**Who decides to expand or roll back:** nobody is named: the sponsor names a program lead, who decides.';
  return [
    '| Must hold before expansion | Threshold | Today |',
    '| --- | --- | --- |',
    ...hold.map((r) => `| ${r.join(' | ')} |`),
    '',
    '| Rolls back when | Threshold |',
    '| --- | --- |',
    ...back.map((r) => `| ${r.join(' | ')} |`),
    '',
    path,
    '',
    decides,
  ];
}

/**
 * A threshold as the YAML holds it ("22.5m", not "23m"): rounded up, "below 23m" would pass a
 * check of 22.7m that the gate for tools fails.
 */
const exactMinutes = (value: number): string => formatDuration(value);

/**
 * What must hold before expansion and does not today, in words for a sentence ("the check
 * “Paralegal re-reads contract” costs 50m per item, not below 22.5m"); empty when everything
 * known holds. Regressions and SLA breaches are still to be measured, so they are not counted.
 */
export function unmetBeforeExpansion(gate: RolloutGate): string[] {
  const unmet: string[] = [];
  if (gate.openErrors > 0) unmet.push(`${plural(gate.openErrors, 'open error')}, not 0`);
  if (gate.unowned.length > 0) unmet.push(`${plural(gate.unowned.length, 'step')} without a named owner`);
  for (const o of gate.overrideRates) {
    if (o.now !== null && o.now > o.max) unmet.push(`reviewers override ${o.now.toFixed(2)} of ${label(o.step)}, not at most ${o.max}`);
  }
  for (const v of gate.verifications) {
    if (v.belowMinutes !== null && v.nowMinutes !== null && v.nowMinutes >= v.belowMinutes) {
      unmet.push(`the check ${label(v.step)} costs ${minutes(v.nowMinutes)} per item, not below ${exactMinutes(v.belowMinutes)}`);
    }
  }
  return unmet;
}
