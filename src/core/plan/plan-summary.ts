import { type AnalysisResult, type AnalyzerConfig, describeImpact, distinctTypicalLeadTime, type Gate, hasPath, type Metrics, type MissingNumber, NO_PATH } from '../analyzer';
import type { StateFigures } from '../analyzer/redesign';
import type { StallMap } from '../model';
import { escapeMarkdown as md } from './escape';
import { capital, decimal, minutes, missingCaveat, share, shortText, teamWords } from './plan-words';
import { ruleOptions } from './targets';
import { THIRTY_DAY_GATES } from './thirty-days';

/**
 * The first page, which must stand alone: what the workflow is (in the team's words), where it
 * stalls and why (the triage sentence), today's figures, the one or two gates with who acts and
 * what each buys, the people and the 90-day milestone, and the before and after when the map
 * has a redesign. Nothing here repeats a finding's message: the appendix holds them.
 */
export function summaryPage(map: StallMap, analysis: AnalysisResult, config: AnalyzerConfig | undefined): string[] {
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
  lines.push('### Next 30 days', '', ...gates(analysis.gates, ruleOptions(map, config), openJudged), '');
  lines.push('### People and the 90-day milestone', '', ...people(map));
  const { redesign } = analysis;
  if (redesign) {
    const before = { ...redesign.now, missing: analysis.metrics.missing };
    const after = { ...redesign.redesigned, missing: redesign.metrics.missing };
    lines.push('', '### Before and after the redesign', '', ...beforeAfter(before, after, map.volumePerWeek !== undefined));
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
      ? `${decimal(metrics.staffHoursPerWeek)} staff hours a week${metrics.staffCostPerWeek !== undefined ? ` (${Math.round(metrics.staffCostPerWeek).toLocaleString('en')} a week at ${decimal(map.costPerHour)} an hour)` : ''}`
      : `${decimal(metrics.staffMinutesPerItem)} staff minutes per item`;
  return `**Today:** ${lead}${typical}; ${staff}${missingCaveat(metrics.missing, 'staff')}; ${share(metrics.waitShare)} of the lead time is waiting.`;
}

/** `openJudged`: whether any finding is open (info apart); with no gate, those all concern steps outside the organisation. */
function gates(list: readonly Gate[], options: ReturnType<typeof ruleOptions>, openJudged: boolean): string[] {
  if (list.length === 0 && openJudged) {
    return ['No gate the team can set on its own: every open finding concerns a step outside the organisation (marked external). Take them up with whoever runs those steps; the rollout gate below still holds.'];
  }
  if (list.length === 0) return ['Nothing blocks the rollout: expand under the rollout gate below.'];
  return list.map((gate, i) => {
    const { owner } = gate;
    const act = owner.name ? `${md(capital(owner.action))}. **Who acts:** ${md(owner.name)} (${owner.role}).` : `${md(capital(owner.action))}.`;
    const buys = describeImpact(gate.impact);
    return `${i + 1}. ${act} **Buys:** ${buys}. **Done when:** ${THIRTY_DAY_GATES[gate.rule](options[gate.rule])}`;
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

type Figures = StateFigures & { missing: readonly MissingNumber[] };

/** `weekly`: whether the map gives its volume, so staff time reads in hours a week. */
function beforeAfter(before: Figures, after: Figures, weekly: boolean): string[] {
  const caveat = (figures: Figures, metric: 'leadTime' | 'staff') => (missingCaveat(figures.missing, metric) ? ' (numbers missing)' : '');
  // A state with no path from a start to an end has no lead time and no staff time: said so, never a 0 (or a saving of all of it).
  const figure = (figures: Figures, value: number | undefined, metric: 'leadTime' | 'staff', shown: (value: number) => string) =>
    value === undefined ? NO_PATH : `${shown(value)}${caveat(figures, metric)}`;
  const lead = (figures: Figures, value: number | undefined) => figure(figures, value, 'leadTime', minutes);
  const staff = (figures: Figures, value: number | undefined) => figure(figures, value, 'staff', decimal);
  const rows: [string, string, string][] = [['Lead time', lead(before, before.leadTimeMinutes), lead(after, after.leadTimeMinutes)]];
  if (before.typicalLeadTimeMinutes !== undefined || after.typicalLeadTimeMinutes !== undefined) {
    rows.push(['Typical lead time', lead(before, before.typicalLeadTimeMinutes ?? before.leadTimeMinutes), lead(after, after.typicalLeadTimeMinutes ?? after.leadTimeMinutes)]);
  }
  if (weekly) rows.push(['Staff hours a week', staff(before, before.staffHoursPerWeek), staff(after, after.staffHoursPerWeek)]);
  else rows.push(['Staff minutes per item', staff(before, before.staffMinutesPerItem), staff(after, after.staffMinutesPerItem)]);
  rows.push(
    ['Manual joins and meetings', String(before.manualJoins + before.meetings), String(after.manualJoins + after.meetings)],
    ['Approvals on the AI’s path', String(before.approvalsOnAiPath), String(after.approvalsOnAiPath)],
    ['Checks', String(before.checks), String(after.checks)],
  );
  return ['| | Today | Redesign |', '| --- | --- | --- |', ...rows.map((r) => `| ${r.join(' | ')} |`)];
}
