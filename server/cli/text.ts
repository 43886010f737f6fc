import { type AnalysisResult, buildGraph, describeImpact, distinctTypicalLeadTime, describeSettingChange, type Finding, type FindingSeverity, hasPath, type Metrics, NO_PATH, SURFACES } from '../../src/core/analyzer';
import { beforeAfterRows } from '../../src/core/analyzer/before-after';
import { nameOf } from '../../src/core/analyzer/graph';
import { amount, duration, percent } from '../../src/core/analyzer/text';
import type { StallMap } from '../../src/core/model';
import { plural } from '../../src/core/plural';
import { printable } from './printable';

/** ANSI styles, or none when colour is off. */
function palette(color: boolean) {
  const style = (code: string) => (text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
  return { bold: style('1'), dim: style('2'), red: style('31'), yellow: style('33'), cyan: style('36') };
}

const GROUPS: { severity: FindingSeverity; title: string; color: 'red' | 'yellow' | 'cyan' }[] = [
  { severity: 'error', title: 'Errors', color: 'red' },
  { severity: 'warning', title: 'Warnings', color: 'yellow' },
  { severity: 'info', title: 'Info', color: 'cyan' },
];

/**
 * The terminal report: the gates for the next 30 days first (what each buys, who acts), then the
 * open findings grouped by severity with what fixing each would buy, waived ones apart, then
 * metrics, scores and the triage.
 */
export function formatText(map: StallMap, result: AnalysisResult, { file, color }: { file: string; color: boolean }): string {
  const c = palette(color);
  const graph = buildGraph(map);
  const { findings, metrics, scores, triage, gates } = result;
  const lines: string[] = [`${c.bold(map.title)} ${c.dim(`(${file})`)}`, ''];
  const describe = (f: Pick<Finding, 'targets'>) => `${nameOf(graph, f.targets[0], map.title)} (${f.targets[0]})`;
  if (gates.length > 0) {
    lines.push(c.bold('Gates for the next 30 days'));
    gates.forEach((gate, i) => {
      const who = gate.owner.name ? `${gate.owner.name} (${gate.owner.role}): ${gate.owner.action}` : gate.owner.action;
      const also = (gate.also ?? []).map((a) => `     ${c.bold(a.rule)}: ${a.message}`);
      lines.push(`  ${i + 1}. ${c.bold(gate.rule)} on ${describe(gate)}: ${describeImpact(gate.impact)}`, `     ${gate.message}`, ...also, `     ${c.dim(`Who acts: ${who}`)}`);
    });
    lines.push('');
  }
  const width = Math.max(0, ...[...findings, ...result.waivers.refused, ...result.waivers.stale, ...result.settings].map((f) => f.rule.length));
  const open = findings.filter((f) => !f.waived);
  for (const group of GROUPS) {
    const inGroup = open.filter((f) => f.severity === group.severity);
    if (inGroup.length === 0) continue;
    lines.push(c[group.color](c.bold(`${group.title} (${inGroup.length})`)));
    for (const f of inGroup) {
      // A finding that only says which numbers are missing buys nothing to show; one set to info by a config may.
      const buys = f.severity !== 'info' || f.impact.leadTimeMinutes > 0 || f.impact.staffMinutesPerItem > 0 ? c.dim(` [${describeImpact(f.impact)}]`) : '';
      lines.push(`  ${c[group.color](f.rule.padEnd(width))}  ${describe(f)}: ${f.message}${buys}`);
    }
    lines.push('');
  }
  const waived = findings.filter((f) => f.waived);
  if (waived.length > 0) {
    lines.push(c.dim(c.bold(`Waived (${waived.length})`)));
    for (const f of waived) {
      const by = f.waiver ? `waived by ${f.waiver.by} on ${f.waiver.at}: ${f.waiver.reason}` : 'waived';
      lines.push(c.dim(`  ${f.rule.padEnd(width)}  ${describe(f)}: ${f.message} [${f.severity}, ${by}]`));
    }
    lines.push('');
  }
  if (findings.length === 0) lines.push('No findings.', '');
  const { refused, stale } = result.waivers;
  if (refused.length > 0) {
    lines.push(c.red(c.bold(`Refused waivers (${refused.length}): the findings stay open`)));
    for (const w of refused) lines.push(`  ${w.rule.padEnd(width)}  ${describe({ targets: [w.target] })}: waived by ${w.by} on ${w.at}. ${w.why}`);
    lines.push('');
  }
  if (stale.length > 0) {
    lines.push(c.yellow(c.bold(`Stale waivers (${stale.length}): they match no finding`)));
    const onMap = (id: string) => graph.stepIndex.has(id) || graph.joinIndex.has(id);
    for (const w of stale) {
      const target = onMap(w.target) ? describe({ targets: [w.target] }) : `${w.target} (no longer on the map)`;
      lines.push(`  ${w.rule.padEnd(width)}  ${target}: waived by ${w.by} on ${w.at}`);
    }
    lines.push('');
  }
  if (result.settings.length > 0) {
    lines.push(c.bold('Rule settings that differ from the defaults'));
    for (const change of result.settings) lines.push(`  ${change.rule.padEnd(width)}  ${describeSettingChange(change)}`);
    lines.push('');
  }

  const count = (severity: FindingSeverity) => open.filter((f) => f.severity === severity).length;
  const path = metrics.criticalPath.filter((id) => graph.stepIndex.has(id)).map((id) => nameOf(graph, id, map.title));
  // With no path from a start to an end no item gets through: the figures of the path are none, never 0 (as on the page and in the plan).
  const onPath = (figure: string) => (hasPath(metrics) ? figure : NO_PATH);
  const typical = distinctTypicalLeadTime(metrics);
  lines.push(
    c.bold('Metrics'),
    `  Lead time        ${onPath(`${duration(metrics.leadTimeMinutes)} (${figure(metrics.leadTimeMinutes)} min)`)}`,
    `  Waiting          ${onPath(`${percent(metrics.waitShare)} of the lead time`)}`,
    ...(typical === undefined ? [] : [`  Typical lead time ${duration(typical)} (${figure(typical)} min, the way most items go)`]),
    `  AI saving        ${onPath(`${percent(metrics.aiSavingShare)} of the lead time before AI (${duration(metrics.aiSavedMinutes)} saved)`)}`,
    `  Staff time       ${onPath(staffLine(metrics))}`,
    ...(metrics.missing.length ? [`  Numbers missing  ${c.dim(metrics.missing.map((m) => `${m.id}.${m.field}`).join(', '))} (counted as 0)`] : []),
    `  Critical path    ${path.length ? path.join(' → ') : 'none'}`,
    `  Findings         ${figure(open.length)} open (${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${figure(count('info'))} info), ${figure(waived.length)} waived`,
    `  Scores (1–5)     ${SURFACES.map((s) => `${s} ${scores[s].score ?? 'not assessed'}`).join(' · ')}`,
    '',
    ...redesignLines(result, c.bold),
    c.bold('Triage'),
    `  ${triage.sentence}${triage.dominantSurface ? c.dim(` (${triage.dominantSurface}, confidence ${triage.confidence.toFixed(2)})`) : ''}`,
    '',
  );
  return printable(lines.join('\n'), { keepStyles: color });
}

/** With a redesign in the map: each figure today and as redesigned, and the change. */
function redesignLines(result: AnalysisResult, bold: (text: string) => string): string[] {
  if (!result.redesign) return [];
  const rows = beforeAfterRows(result.redesign);
  const width = Math.max(...rows.map((r) => r.label.length));
  return [bold('Redesign (today → redesigned)'), ...rows.map((r) => `  ${r.label.padEnd(width)}  ${r.before} → ${r.after}${r.change ? ` (${r.change})` : ''}`), ''];
}

/** Minutes as a figure to read: "4,672", "4,419.5" (the page's and the plan's thousands separators). */
const figure = (value: number) => value.toLocaleString('en', { maximumFractionDigits: 2 });

/** "35 min per item (80 before AI) · 58 h/week · 4,060 per week at 70/h". */
function staffLine(metrics: Metrics): string {
  // In the words of the page and the plan (text.ts): 283 h/week, not 283.33 beside the page's 283.
  const parts = [`${amount(metrics.staffMinutesPerItem)} min per item (${amount(metrics.staffMinutesBeforeAi)} before AI)`];
  if (metrics.staffHoursPerWeek !== undefined) parts.push(`${amount(metrics.staffHoursPerWeek)} h/week`);
  if (metrics.staffCostPerWeek !== undefined) parts.push(`${Math.round(metrics.staffCostPerWeek).toLocaleString('en')} a week`);
  return parts.join(' · ');
}
