import { type AnalysisResult, describeSettingChange, type Finding, type RefusedWaiver } from '../analyzer';
import type { Waiver } from '../model';
import { escapeMarkdown as md } from './escape';
import { label, ruleWords, shortText } from './plan-words';
import type { MapIndex } from './targets';
import { targetLabel } from './targets';

/** Above this many waivers, the text names the first ones and the appendix has all. */
const MOST = 6;

/**
 * What was switched off or accepted, so nothing is hidden: every waiver (who, when, why), the
 * waivers refused (accountability cannot be waived away) and those that match nothing, and
 * every rule setting that differs from the defaults, with where it comes from.
 */
export function disclosuresSection(analysis: AnalysisResult, index: MapIndex): string[] {
  const lines: string[] = [];
  const waived = analysis.findings.filter((f) => f.waived);
  const { refused, stale } = analysis.waivers;
  const on = (id: string) => label(targetLabel(index, id));
  if (waived.length) {
    lines.push(`**Waived findings** (${waived.length}): accepted on the record; they do not count as open.`, '');
    lines.push(...waived.slice(0, MOST).map((f) => `- ${waiverLine(f, on)}`));
    if (waived.length > MOST) lines.push(`- and ${waived.length - MOST} more, in the appendix.`);
    lines.push('');
  }
  if (refused.length) {
    lines.push(`**Refused waivers** (${refused.length}): the findings stay open.`, '');
    lines.push(...refused.slice(0, MOST).map((w) => `- ${refusedLine(w, on)}`));
    if (refused.length > MOST) lines.push(`- and ${refused.length - MOST} more.`);
    lines.push('');
  }
  if (stale.length) {
    lines.push(`**Stale waivers** (${stale.length}): they match no finding; remove them or check what changed.`, '');
    lines.push(...stale.slice(0, MOST).map((w) => `- ${staleLine(w, index)}`));
    if (stale.length > MOST) lines.push(`- and ${stale.length - MOST} more.`);
    lines.push('');
  }
  if (analysis.settings.length) {
    lines.push('**Rule settings that differ from the defaults:**', '');
    lines.push(...analysis.settings.map((s) => `- ${ruleWords(s.rule)}: ${md(describeSettingChange(s))}`));
    lines.push('');
  }
  if (lines.length === 0) return ['Nothing to disclose: no waiver, and every rule runs with its default settings.'];
  return lines.slice(0, -1);
}

function waiverLine(f: Finding, on: (id: string) => string): string {
  const w = f.waiver;
  return `${ruleWords(f.rule)} on ${on(f.targets[0])}: ${w ? `waived by ${md(w.by)} on ${md(w.at)}: ${shortText(w.reason)}` : 'waived'}`;
}

function refusedLine(w: RefusedWaiver, on: (id: string) => string): string {
  return `${md(w.by)} waived ${ruleWords(w.rule)} on ${on(w.target)} (${md(w.at)}). ${md(w.why)}`;
}

function staleLine(w: Waiver, index: MapIndex): string {
  const known = index.steps.has(w.target) || index.joins.has(w.target);
  return `${ruleWords(w.rule)} on ${known ? label(targetLabel(index, w.target)) : `${md(w.target)} (no longer on the map)`}, by ${md(w.by)} on ${md(w.at)}`;
}
