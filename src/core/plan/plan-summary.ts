import { type AnalysisResult, type AnalyzerConfig, describeImpact, distinctTypicalLeadTime, type Gate, hasPath, type Metrics, type MissingNumber, NO_PATH } from '../analyzer';
import { beforeAfterRows, NONE } from '../analyzer/before-after';
import type { RedesignAnalysis, StateFigures } from '../analyzer/redesign';
import { amount, listOf } from '../analyzer/text';
import type { StallMap } from '../model';
import { escapeMarkdown as md } from './escape';
import { capital, decimal, minutes, missingCaveat, share, shortText, teamWords } from './plan-words';
import { unmetBeforeExpansion } from './plan-gate';
import type { RolloutGate } from './rollout-gate';
import { ruleOptions } from './targets';
import { THIRTY_DAY_GATES } from './thirty-days';

/**
 * The first page, which must stand alone: what the workflow is (in the team's words), where it
 * stalls and why (the triage sentence), today's figures, the one or two gates with who acts and
 * what each buys, the people and the 90-day milestone, and the before and after when the map
 * has a redesign. Nothing here repeats a finding's message: the appendix holds them.
 */
export function summaryPage(map: StallMap, analysis: AnalysisResult, config: AnalyzerConfig | undefined, rollout: RolloutGate): string[] {
  const { triage, scores } = analysis;
  const lines: string[] = [];
  const words = teamWords(map);
  if (words) lines.push(words, '');
  lines.push(md(triage.sentence), '');
  lines.push(today(analysis.metrics, map), '');
  lines.push(
    triage.dominantSurface
      ? `**Dominant failure surface:** ${triage.dominantSurface} (score ${scores[triage.dominantSurface].score} of 5, confidence ${triage.confidence.toFixed(2)}). **Next motion:** ${triage.nextMotion}.`
      : `**No stall found:** no failure surface scores 2 or below. **Next motion:** ${triage.nextMotion}.`,
    '',
  );
  const openJudged = analysis.findings.some((f) => !f.waived && f.severity !== 'info');
  lines.push('### Next 30 days', '', ...gates(analysis.gates, ruleOptions(map, config), openJudged, unmetBeforeExpansion(rollout)), '');
  lines.push('### People and the 90-day milestone', '', ...people(map));
  const { redesign } = analysis;
  if (redesign) {
    lines.push('', '### Before and after the redesign', '', ...beforeAfter(redesign, analysis.metrics.missing, map.volumePerWeek !== undefined));
  }
  return lines;
}

function today(metrics: Metrics, map: StallMap): string {
  if (!hasPath(metrics)) return '**Today:** no path runs from a start to an end, so the map gives no lead time yet.';
  const lead = `lead time ${minutes(metrics.leadTimeMinutes)} per item${missingCaveat(metrics.missing, 'leadTime')}`;
  const typicalMinutes = distinctTypicalLeadTime(metrics);
  const typical = typicalMinutes !== undefined ? `, ${minutes(typicalMinutes)} the way most items go` : '';
  const staff =
    metrics.staffHoursPerWeek !== undefined
      ? `${amount(metrics.staffHoursPerWeek)} staff hours a week${metrics.staffCostPerWeek !== undefined ? ` (${Math.round(metrics.staffCostPerWeek).toLocaleString('en')} a week at ${decimal(map.costPerHour)} an hour)` : ''}`
      : `${amount(metrics.staffMinutesPerItem)} staff minutes per item`;
  return `**Today:** ${lead}${typical}; ${staff}${missingCaveat(metrics.missing, 'staff')}; ${share(metrics.waitShare)} of the lead time is waiting.`;
}

/**
 * `openJudged`: whether any finding is open (info apart); with no gate, those all concern steps
 * outside the organisation. `unmet`: what the rollout gate asks and today's map does not give: with
 * every finding waived, a check can still cost more than the gate allows, and "expand" would
 * contradict the table below it.
 */
function gates(list: readonly Gate[], options: ReturnType<typeof ruleOptions>, openJudged: boolean, unmet: readonly string[]): string[] {
  const notYet = unmet.length ? `The rollout gate below does not hold yet: ${listOf(unmet)}. Meet it before expanding.` : '';
  if (list.length === 0 && openJudged) {
    return [`No gate the team can set on its own: every open finding concerns a step outside the organisation (marked external). Take them up with whoever runs those steps. ${notYet || 'The rollout gate below still applies.'}`];
  }
  if (list.length === 0) return [notYet || 'Nothing blocks the rollout: expand under the rollout gate below.'];
  return list.map((gate, i) => {
    const { owner } = gate;
    const act = owner.name ? `${md(capital(owner.action))}. **Who acts:** ${md(owner.name)} (${owner.role}).` : `${md(capital(owner.action))}.`;
    const buys = describeImpact(gate.impact);
    // A blocker joined to this gate (the same step) is done when its own state holds too.
    const done = [gate, ...(gate.also ?? [])].map(({ rule }) => THIRTY_DAY_GATES[rule](options[rule])).join(' ');
    return `${i + 1}. ${act} **Buys:** ${buys}. **Done when:** ${done}`;
  });
}

function people(map: StallMap): string[] {
  const { sponsor, lead, milestone } = map.program ?? {};
  return [
    `- **Sponsor:** ${sponsor?.trim() ? md(sponsor) : 'not named yet: whoever funds the pilot takes the chair of its steering'}`,
    `- **Program lead:** ${lead?.trim() ? md(lead) : `not named yet: ${sponsor?.trim() ? 'the sponsor' : 'the sponsor, once named,'} names one person accountable for the production date`}`,
    `- **90-day milestone:** ${milestone ? `${shortText(milestone.text, 40)} (due ${md(milestone.due)})` : 'not set: the program lead sets one binary thing to have in production within 90 days, with a date'}`,
  ];
}

/**
 * The plan's before and after: the rows of the compare view and the CLI (before-after.ts), in
 * their words and numbers, so a board reading the plan and a facilitator showing the page give the
 * same figures. The plan keeps the figures a board compares: lead times, staff time,
 * manual joins and meetings, approvals, checks. A figure a state does not give says why, and one
 * resting on missing numbers says so.
 * `weekly`: whether the map gives its volume, so staff time reads in hours a week.
 */
function beforeAfter(redesign: Pick<RedesignAnalysis, 'now' | 'redesigned' | 'metrics'>, missingNow: readonly MissingNumber[], weekly: boolean): string[] {
  const figures: (keyof StateFigures)[] = ['leadTimeMinutes', 'typicalLeadTimeMinutes', weekly ? 'staffHoursPerWeek' : 'staffMinutesPerItem', 'manualJoins', 'meetings', 'approvalsOnAiPath', 'checks'];
  const resting: Partial<Record<keyof StateFigures, MissingNumber['affects'][number]>> = {
    leadTimeMinutes: 'leadTime',
    typicalLeadTimeMinutes: 'leadTime',
    staffHoursPerWeek: 'staff',
    staffMinutesPerItem: 'staff',
  };
  const cell = (text: string, missing: readonly MissingNumber[], figure: keyof StateFigures) => {
    // A state with no path from a start to an end has no lead time and no staff time: said so, never a 0 (or a saving of all of it).
    if (text === NONE) return NO_PATH;
    const metric = resting[figure];
    return metric && missingCaveat(missing, metric) ? `${text} (numbers missing)` : text;
  };
  const rows = beforeAfterRows(redesign).filter((row) => figures.includes(row.figure));
  return [
    '| | Today | Redesign | Change |',
    '| --- | --- | --- | --- |',
    ...rows.map((row) => `| ${row.label} | ${cell(row.before, missingNow, row.figure)} | ${cell(row.after, redesign.metrics.missing, row.figure)} | ${row.change === undefined ? NONE : row.change || '='} |`),
  ];
}
