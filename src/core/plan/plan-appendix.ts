import { calendarDate } from '../calendar-date';
import { type AnalysisResult, describeImpact, type Finding, ruleMeta, ruleName, SURFACES } from '../analyzer';
import type { Comment, StallMap } from '../model';
import { escapeMarkdown as md } from './escape';
import { mapToMermaid } from './mermaid';
import { plural } from '../plural';
import { fence, fullLabel, ruleWords } from './plan-words';
import { EVIDENCE_WORDS } from './plan-scorecard';
import { type MapIndex, namedOwner, stepsInvolved, targetLabel } from './targets';

/**
 * The appendix: every finding in full (labels whole, the rule's fix once per rule, what each fix
 * buys, the waiver's reason whole), the team's evidence where the scorecard cut it, the open
 * comment threads, and the map as a Mermaid picture.
 */
export function findingsAppendix(analysis: AnalysisResult, index: MapIndex, placeholders: Record<string, unknown> | undefined): string[] {
  const { findings } = analysis;
  const lines: string[] = [];
  if (findings.length === 0) lines.push('No findings.');
  for (const rule of [...new Set(findings.map((f) => f.rule))]) {
    // Named as the findings list names it; the id after it is what the CSV, the CLI and a config file say.
    lines.push(`### ${ruleName(rule)} (${rule})`, '', `How to fix: ${ruleMeta(rule).fix}`, '');
    for (const f of findings.filter((g) => g.rule === rule)) lines.push(`- ${findingLine(f, index, placeholders)}`);
    lines.push('');
  }
  const cut = SURFACES.filter((s) => {
    const evidence = analysis.scores[s].team?.evidence;
    return evidence !== undefined && evidence.trim().split(/\s+/).length > EVIDENCE_WORDS;
  });
  if (cut.length) {
    lines.push('### The team’s evidence, in full', '');
    for (const s of cut) lines.push(`- ${s}: ${md(analysis.scores[s].team?.evidence ?? '')}`);
    lines.push('');
  }
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

function findingLine(f: Finding, index: MapIndex, options: Record<string, unknown> | undefined): string {
  const tag = f.severity === 'info' ? '*(info: numbers missing)*' : `*(${f.severity})*`;
  const names = f.targets.map((id) => `${fullLabel(targetLabel(index, id))} (${kindOf(index, id)})`).join(', ');
  const owners = [...new Set(stepsInvolved(index, f).map((s) => namedOwner(s, options) ?? ''))];
  const owned = owners.filter(Boolean).map(md);
  const ownerText = owners.length === 0 ? '' : ` Owners: ${owned.length ? owned.join(', ') : 'none'}${owners.includes('') && owned.length ? ', and a step with none' : ''}.`;
  const buys = f.severity === 'info' ? '' : ` Fix buys: ${describeImpact(f.impact)}.`;
  const waiver = f.waived && f.waiver ? ` Waived by ${md(f.waiver.by)} on ${md(f.waiver.at)}: ${md(f.waiver.reason)}` : f.waived ? ' Waived.' : '';
  return `${tag} ${md(f.message)}. Names ${names}.${ownerText}${buys}${waiver}`;
}

function kindOf(index: MapIndex, id: string): string {
  const kind = index.steps.get(id)?.kind;
  return kind ? `${kind} step` : index.joins.has(id) ? 'join' : 'map';
}

/** Mermaid refuses a diagram over 50,000 characters (its default maxTextSize): such a map gets a sentence instead. */
export const MERMAID_MAX_TEXT = 50_000;

/** A state of the map as a Mermaid picture, flagged elements in their severity's colour; a sentence for one too large to draw. */
export function mapPicture(map: StallMap, analysis: Pick<AnalysisResult, 'findings'>): string[] {
  const text = mapToMermaid(map, analysis);
  if (text.length > MERMAID_MAX_TEXT) {
    return [
      // Read on paper by a board first: what to do, then why in a tool's terms.
      `The map has ${plural(map.steps.length, 'step')}: too many to draw here. Open it in Stallmap, or export it as SVG (as a Mermaid picture it would be ${text.length.toLocaleString('en')} characters, past the ${MERMAID_MAX_TEXT.toLocaleString('en')} its renderers accept).`,
    ];
  }
  return ['Flagged steps and joins are drawn in red (errors) and amber (warnings).', '', fence('mermaid', text)];
}

/**
 * Unresolved threads, grouped by what they are on: a thread is a first comment (no `replyTo`)
 * and its replies; `resolved` on the first comment closes it. A reply whose first comment is
 * gone starts a thread of its own.
 */
export function commentsAppendix(map: StallMap, index: MapIndex): string[] {
  const all = map.comments ?? [];
  const byId = new Map(all.map((c) => [c.id, c]));
  const rootOf = (c: Comment) => {
    const seen = new Set<string>();
    let root = c;
    while (root.replyTo && byId.has(root.replyTo) && !seen.has(root.id)) {
      seen.add(root.id);
      root = byId.get(root.replyTo) as Comment;
    }
    return root.id;
  };
  const threads = new Map<string, Comment[]>();
  for (const c of all) threads.set(rootOf(c), [...(threads.get(rootOf(c)) ?? []), c]);
  const open = [...threads].filter(([root]) => !byId.get(root)?.resolved);
  if (open.length === 0) return [all.length ? 'Every comment thread is resolved.' : 'No comments.'];
  const byPlace = new Map<string, { on: string; lines: string[] }>();
  for (const [root, thread] of open) {
    const first = byId.get(root) as Comment;
    const key = `${first.target}\n${first.rule ?? ''}`;
    const place = byPlace.get(key) ?? { on: commentPlace(map, index, first), lines: [] };
    const inOrder = [...thread].sort((a, b) => (a.id === root ? -1 : b.id === root ? 1 : a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    place.lines.push(...inOrder.map((c, i) => `${i === 0 ? '  - ' : '    - '}${md(c.author)}, ${md(dayOf(c.at))}: ${md(c.text)}`));
    byPlace.set(key, place);
  }
  return [...byPlace.values()].flatMap(({ on, lines }) => [`- On ${on}:`, ...lines]);
}

/** "“Paralegal re-reads contract”", with ", finding *A person moves the work*" for a comment on a finding. */
function commentPlace(map: StallMap, index: MapIndex, comment: Comment): string {
  const { target, rule } = comment;
  const known = index.steps.has(target) || index.joins.has(target) || target === map.id;
  const on = known ? fullLabel(targetLabel(index, target)) : `${md(target)} (no longer on the map)`;
  return rule ? `${on}, finding ${ruleWords(rule)}` : on;
}

/** A comment's time as the day it was written, on the reader's calendar, as the plan dates waivers; a time the page did not write stays as written. */
function dayOf(at: string): string {
  const time = /^\d{4}-\d{2}-\d{2}T/.test(at) ? new Date(at) : undefined;
  return time && !Number.isNaN(time.getTime()) ? calendarDate(time) : at;
}
