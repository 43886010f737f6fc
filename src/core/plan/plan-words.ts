import { ruleName, shortLabel } from '../analyzer';
import { shownMinutes } from '../analyzer/text';
import { calendarDate } from '../calendar-date';
import { formatDuration, type StallMap } from '../model';
import type { MissingNumber } from '../analyzer';
import { plural } from '../plural';
import { escapeMarkdown as md } from './escape';

/** Wording shared by the plan's sections: every number finite, every label escaped and, in the text, shortened. */

/** A label in the text: shortened, escaped, in curly quotes (the appendix quotes it whole). */
export const label = (text: string): string => `“${md(shortLabel(text))}”`;

/**
 * A rule as a board reads it in a sentence: its name in italics ("*A person moves the work*"),
 * never its id; an id no rule has (a stale waiver's) as typed, escaped.
 */
export const ruleWords = (rule: string): string => `*${md(ruleName(rule))}*`;

/** A label in the appendix: whole, escaped, in curly quotes. */
export const fullLabel = (text: string): string => `“${md(text)}”`;

/** Free text cut to `most` words ("…" added), escaped: a reason or evidence in the text, whole in the appendix. */
export function shortText(text: string, most = 25): string {
  const words = text.trim().split(/\s+/);
  return md(words.length > most ? `${words.slice(0, most).join(' ')}…` : words.join(' '));
}

/** Minutes as people read them ("2d 6h"), whole from ten up; never "Infinity" or "NaN". */
export function minutes(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return 'unknown';
  return formatDuration(shownMinutes(value));
}

/** One decimal, thousands separated; never "Infinity" or "NaN". */
export function decimal(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return 'unknown';
  return (Math.round(value * 10) / 10).toLocaleString('en');
}

/** "22%", "0.9%"; never "NaN%". */
export function share(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return 'unknown';
  return `${Math.round(value * 1000) / 10}%`;
}

/** The day the plan is prepared, on its reader's calendar (calendar-date.ts). */
export const isoDate = (date: Date): string => (Number.isNaN(date.getTime()) ? 'an unknown date' : calendarDate(date));

/** A fenced block; the fence is longer than any backtick run inside. */
export function fence(language: string, text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(Math.max(3, longest + 1));
  return `${ticks}${language}\n${text.endsWith('\n') ? text : `${text}\n`}${ticks}`;
}

/** "Upper case first" for a sentence built from a lower-case phrase. */
export const capital = (text: string): string => (text ? text[0].toUpperCase() + text.slice(1) : text);

/**
 * The caveat for a metric that rests on missing numbers: " (3 numbers missing, counted as 0: at
 * least this)", or "" when none is missing. A 0 that rests on missing numbers is never a fact.
 */
export function missingCaveat(missing: readonly MissingNumber[], metric: MissingNumber['affects'][number]): string {
  const count = missing.filter((m) => m.affects.includes(metric)).length;
  return count ? ` (numbers missing: ${plural(count, 'number')} counted as 0, so at least this)` : '';
}

/** The map's description in the team's words, cut to `most` words for the first page. */
export function teamWords(map: StallMap, most = 60): string | undefined {
  const text = map.description?.trim();
  return text ? shortText(text, most) : undefined;
}
