import { type AnalysisResult, type AnalyzerConfig, describeImpact, type Finding, type Gate, ruleMeta, SURFACE_SYMPTOMS, SURFACES } from '../analyzer';
import { percent } from '../analyzer/text';
import { type Comment, formatDuration, STEP_KINDS, type StallMap } from '../model';
import { escapeMarkdown as md } from './escape';
import { mapToMermaid } from './mermaid';
import { rolloutGate, rolloutGateYaml } from './rollout-gate';
import { indexMap, type MapIndex, namedOwner, ruleOptions, stepsInvolved, targetLabel } from './targets';
import { THIRTY_DAY_GATES } from './thirty-days';

export interface PlanOptions {
  /** The plan's date (a parameter, so the same map gives the same plan). */
  now: Date;
  /** A config file's rules, as given to the analyzer: the gate and the 30-day sentences use the same thresholds. */
  config?: AnalyzerConfig;
}

/** The section headings, in order: the page's preview and the tests read them from here. */
export const PLAN_SECTIONS = [
  'Summary',
  'Triage',
  'Next 30 days',
  'Open findings by surface',
  'Scorecard',
  'Waived findings',
  'Open comment threads',
  'Rollout gate',
  'The map',
] as const;

interface Context {
  map: StallMap;
  analysis: AnalysisResult;
  index: MapIndex;
  options: ReturnType<typeof ruleOptions>;
}

/**
 * The redesign plan as Markdown: a document a board reads in five minutes, from the
 * triage down to the picture. Every text a person typed goes through escapeMarkdown (or the
 * YAML and Mermaid escapes inside the fenced blocks), so it reads as text whatever it holds.
 */
export function planMarkdown(map: StallMap, analysis: AnalysisResult, { now, config }: PlanOptions): string {
  const context: Context = { map, analysis, index: indexMap(map), options: ruleOptions(map, config) };
  const sections: [string, string[]][] = [
    ['Summary', summary(context)],
    ['Triage', triage(context)],
    ['Next 30 days', nextThirtyDays(context)],
    ['Open findings by surface', openFindings(context)],
    ['Scorecard', scorecard(context)],
    ['Waived findings', waived(context)],
    ['Open comment threads', comments(context)],
    ['Rollout gate', ['What must hold before the pilot expands, and what rolls it back.', '', fence('yaml', rolloutGateYaml(rolloutGate(map, analysis, config)))]],
    ['The map', picture(map, analysis)],
  ];
  const head = [`# Redesign plan: ${md(map.title)}`, '', `Prepared ${isoDate(now)} from the map \`${map.id}\`.`];
  if (map.description?.trim()) head.push('', md(map.description));
  const body = sections.flatMap(([title, lines]) => ['', `## ${title}`, '', ...lines]);
  return `${[...head, ...body].join('\n')}\n`;
}

/** Mermaid refuses a diagram over 50,000 characters (its default maxTextSize): such a map gets a sentence instead. */
export const MERMAID_MAX_TEXT = 50_000;

function picture(map: StallMap, analysis: AnalysisResult): string[] {
  const text = mapToMermaid(map, analysis);
  if (text.length > MERMAID_MAX_TEXT) {
    return [`The map has ${plural(map.steps.length, 'step')}: too large for a Mermaid picture (${text.length.toLocaleString('en')} characters, renderers stop at ${MERMAID_MAX_TEXT.toLocaleString('en')}). Open it in Stallmap, or export it as SVG.`];
  }
  return ['Flagged steps and joins are drawn in red (errors) and amber (warnings).', '', fence('mermaid', text)];
}

const isoDate = (date: Date) => (Number.isNaN(date.getTime()) ? 'an unknown date' : date.toISOString().slice(0, 10));

/** A fenced block; the fence is longer than any backtick run inside (our YAML and Mermaid hold none, but the rule is cheap). */
function fence(language: string, text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(Math.max(3, longest + 1));
  return `${ticks}${language}\n${text.endsWith('\n') ? text : `${text}\n`}${ticks}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function summary({ map, analysis: { metrics, findings } }: Context): string[] {
  const open = findings.filter((f) => !f.waived);
  const count = (severity: Finding['severity']) => open.filter((f) => f.severity === severity).length;
  const byKind = STEP_KINDS.filter((k) => metrics.counts.stepsByKind[k] > 0).map((k) => `${metrics.counts.stepsByKind[k]} ${k}`);
  const lead = metrics.criticalPath.length
    ? `${formatDuration(metrics.leadTimeMinutes)} (${Math.round(metrics.leadTimeMinutes * 100) / 100} min) per item`
    : 'none: no path runs from a start to an end';
  return [
    '| Measure | Value |',
    '| --- | --- |',
    `| Lead time | ${lead} |`,
    `| Waiting | ${percent(metrics.waitShare)} of the lead time |`,
    `| AI saving | ${percent(metrics.aiSavingShare)} of the lead time before AI (${formatDuration(metrics.aiSavedMinutes)} saved) |`,
    `| Steps | ${map.steps.length}${byKind.length ? `: ${byKind.join(', ')}` : ''} |`,
    `| Findings | ${open.length} open (${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${count('info')} info), ${metrics.counts.waived} waived |`,
  ];
}

function triage({ analysis: { triage: t, scores } }: Context): string[] {
  const lines = [`> ${md(t.sentence)}`, ''];
  if (!t.blocker) return [...lines, `- **Next motion:** ${t.nextMotion}`];
  lines.push(
    `- **Dominant failure surface:** ${t.dominantSurface}, scored ${scores[t.dominantSurface].score} of 5 (${SURFACE_SYMPTOMS[t.dominantSurface]})`,
    `- **Confidence:** ${t.confidence.toFixed(2)}`,
    '- **Confirming evidence:**',
    ...t.evidence.map((message) => `  - ${md(message)}`),
    `- **Next motion:** ${t.nextMotion}`,
  );
  return lines;
}

/** "'Summarise contract' (ai step), 'emailed' (join)": what a finding names, by label. */
function names(context: Context, finding: Pick<Finding, 'targets'>): string {
  return finding.targets
    .map((id) => {
      const what = context.index.steps.get(id)?.kind;
      const kind = what ? `${what} step` : context.index.joins.has(id) ? 'join' : 'map';
      return `“${md(targetLabel(context.index, id))}” (${kind})`;
    })
    .join(', ');
}

/** "Legal Ops lead (for 'A', 'B'); no owner: name one first (for 'C')". */
function owners(context: Context, finding: Pick<Finding, 'targets'>): string {
  const byOwner = new Map<string, string[]>();
  for (const step of stepsInvolved(context.index, finding)) {
    const owner = namedOwner(step, context.options['no-accountable-owner']) ?? '';
    byOwner.set(owner, [...(byOwner.get(owner) ?? []), step.label]);
  }
  if (byOwner.size === 0) return 'no owner: name one first';
  const named = [...byOwner].filter(([owner]) => owner !== '');
  const parts = named.map(([owner, steps]) => `${md(owner)} (for ${steps.map((s) => `“${md(s)}”`).join(', ')})`);
  const nobody = byOwner.get('');
  if (nobody) parts.push(`no owner: name one first (for ${nobody.map((s) => `“${md(s)}”`).join(', ')})`);
  return parts.join('; ');
}

/** The analysis's gates: what each buys, who acts, and what is true in 30 days. */
function nextThirtyDays(context: Context): string[] {
  const { gates } = context.analysis;
  if (gates.length === 0) return ['No open error or warning blocks the rollout. Keep the rollout gate below true as the pilot expands.'];
  return gates.flatMap((gate, i) => [
    `${i + 1}. **${gate.rule}** (${gate.severity}, ${ruleMeta(gate.rule).surface}): ${md(gate.message)}`,
    `   - **Buys:** ${describeImpact(gate.impact)}`,
    `   - **Who acts:** ${whoActs(gate)}`,
    `   - **Names:** ${names(context, gate)}`,
    `   - **Owner:** ${owners(context, gate)}`,
    `   - **True in 30 days:** ${THIRTY_DAY_GATES[gate.rule](context.options[gate.rule])}`,
  ]);
}

function whoActs({ owner }: Gate): string {
  if (!owner.name || !owner.role) return md(owner.action);
  return `${md(owner.name)} (${owner.role}): ${md(owner.action)}`;
}

function openFindings(context: Context): string[] {
  const open = context.analysis.findings.filter((f) => !f.waived);
  if (open.length === 0) return ['No open findings.'];
  return SURFACES.flatMap((surface) => {
    const inSurface = open.filter((f) => f.surface === surface);
    if (inSurface.length === 0) return [];
    const { score, nextMotion } = context.analysis.scores[surface];
    const lines = [`### ${surface} (score ${score} of 5; next motion: ${nextMotion})`, ''];
    for (const rule of [...new Set(inSurface.map((f) => f.rule))]) {
      lines.push(`**${rule}**: ${ruleMeta(rule).fix}`, '');
      for (const f of inSurface.filter((g) => g.rule === rule)) lines.push(`- ${severityTag(f)} ${md(f.message)}. Names ${names(context, f)}.`);
      lines.push('');
    }
    return lines.slice(0, -1);
  });
}

const severityTag = (f: Finding) => (f.severity === 'info' ? '*(info: numbers missing)*' : `*(${f.severity})*`);

function scorecard({ analysis: { scores, triage: t } }: Context): string[] {
  return [
    '| Surface | Score (1–5) | Open errors | Warnings | Next motion |',
    '| --- | --- | --- | --- | --- |',
    ...SURFACES.map((s) => {
      const name = s === t.dominantSurface && t.blocker ? `**${s}** (dominant)` : s;
      return `| ${name} | ${scores[s].score} | ${scores[s].openErrors} | ${scores[s].openWarnings} | ${scores[s].nextMotion} |`;
    }),
  ];
}

function waived(context: Context): string[] {
  const list = context.analysis.findings.filter((f) => f.waived);
  if (list.length === 0) return ['No finding is waived.'];
  return list.map((f) => {
    const who = f.waiver ? ` Waived by ${md(f.waiver.by)} on ${md(f.waiver.at)}: ${md(f.waiver.reason)}` : ' Waived.';
    return `- **${f.rule}** (${f.severity}) on ${names(context, f)}: ${md(f.message)}.${who}`;
  });
}

/**
 * Unresolved threads, grouped by what they are on: a thread is a first comment (no `replyTo`)
 * and its replies; `resolved` on the first comment closes it. A reply whose first comment is
 * gone starts a thread of its own.
 */
function comments(context: Context): string[] {
  const all = context.map.comments ?? [];
  const byId = new Map(all.map((c) => [c.id, c]));
  const rootOf = (c: Comment) => {
    const seen = new Set<string>();
    let root = c;
    while (root.replyTo && byId.has(root.replyTo) && !seen.has(root.id)) {
      seen.add(root.id);
      root = byId.get(root.replyTo)!;
    }
    return root.id;
  };
  const threads = new Map<string, Comment[]>();
  for (const c of all) threads.set(rootOf(c), [...(threads.get(rootOf(c)) ?? []), c]);
  const open = [...threads].filter(([root]) => !byId.get(root)?.resolved);
  if (open.length === 0) return [all.length ? 'Every comment thread is resolved.' : 'No comments.'];
  const byPlace = new Map<string, { on: string; lines: string[] }>();
  for (const [root, thread] of open) {
    const first = byId.get(root)!;
    const key = `${first.target}\n${first.rule ?? ''}`;
    const place = byPlace.get(key) ?? { on: commentPlace(context, first), lines: [] };
    const inOrder = [...thread].sort((a, b) => (a.id === root ? -1 : b.id === root ? 1 : a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    place.lines.push(...inOrder.map((c, i) => `${i === 0 ? '  - ' : '    - '}${md(c.author)}, ${md(c.at)}: ${md(c.text)}`));
    byPlace.set(key, place);
  }
  return [...byPlace.values()].flatMap(({ on, lines }) => [`- On ${on}:`, ...lines]);
}

/** "“Paralegal re-reads contract”", with "(finding human-join)" for a comment on a finding. */
function commentPlace(context: Context, comment: Comment): string {
  const { target, rule } = comment;
  const known = context.index.steps.has(target) || context.index.joins.has(target) || target === context.map.id;
  const on = known ? `“${md(targetLabel(context.index, target))}”` : `${md(target)} (no longer on the map)`;
  return rule ? `${on}, finding ${md(rule)}` : on;
}
