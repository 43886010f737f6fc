import { parse as parseCsv } from 'csv-parse/sync';
import type { Token } from 'marked';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { analyze, RULE_IDS, ruleName, SURFACES } from '../../../src/core/analyzer';
import { BIDI_CONTROLS, CSV_COLUMNS, edgeText, findingsCsv, kindClass, mapToMermaid, mermaidToMap, oneLine, PLAN_SECTIONS, planMarkdown } from '../../../src/core/plan';
import { loadMap } from '../analyzer/fixtures';
import { readPlan } from './markdown';
import { parseWithMermaid } from './real-mermaid';

/**
 * A map whose every typed text is full of Markdown, HTML, Mermaid, YAML and CSV syntax
 * (test/fixtures/plan/hostile.json): each output is parsed by a real parser of its format, and
 * must give back exactly what was typed, as text, with no structure of its own.
 */
const HOSTILE = '<img src=x onerror=alert(1)> **bold** [x](javascript:1) | --- | `code` # \u202eevil';
const base = loadMap('plan/hostile.json');
/** The fixture, plus hostile program, team scores and a stale waiver: every part of the board document gets typed text. */
const map = {
  ...base,
  program: {
    sponsor: `Sponsor ${HOSTILE}`,
    lead: `Lead ${HOSTILE}`,
    milestone: { text: `Milestone ${HOSTILE}`, due: '2027-03-01' },
    measures: [{ name: `Measure ${HOSTILE}`, target: `Target ${HOSTILE}`, owner: `Owner ${HOSTILE}`, cadence: `Cadence ${HOSTILE}` }],
  },
  assessment: { workflow: { score: 2, evidence: `Evidence ${HOSTILE}`, by: `Scorer ${HOSTILE}` } },
  waivers: [...base.waivers, { rule: 'dangling-step', target: base.steps[1].id, reason: `Stale ${HOSTILE}`, by: `Waiver ${HOSTILE}`, at: '2026-11-20' }],
};
const analysis = analyze(map);
const markdown = planMarkdown(map, analysis, { now: new Date('2026-11-21T00:00:00Z') });
const plan = readPlan(markdown);

/** What the Markdown shows as text: the title and description, every label a finding names, the owners of the 30-day blockers, waivers and comments. */
const named = new Set(analysis.findings.flatMap((f) => f.targets));
const typed = [
  map.title,
  map.description ?? '',
  ...map.steps.filter((s) => named.has(s.id)).map((s) => s.label),
  ...map.joins.filter((j) => named.has(j.id)).map((j) => j.label ?? ''),
  map.steps[1].owner ?? '',
  map.steps[2].owner ?? '',
  ...map.waivers.filter((w) => w.reason.startsWith('Stale') === false).flatMap((w) => [w.reason, w.by]),
  `Waiver ${HOSTILE}`,
  `Sponsor ${HOSTILE}`,
  `Lead ${HOSTILE}`,
  `Milestone ${HOSTILE}`,
  `Measure ${HOSTILE}`,
  `Owner ${HOSTILE}`,
  `Evidence ${HOSTILE}`,
  ...map.comments.flatMap((c) => [c.author, c.text]),
].filter(Boolean);

describe('the plan of a hostile map, read by a Markdown renderer (marked, GFM)', () => {
  it('has the plan’s headings and no other', () => {
    expect(plan.headings.filter((h) => h.startsWith('## '))).toEqual(PLAN_SECTIONS.map((s) => `## ${s}`));
    expect(plan.headings.filter((h) => h.startsWith('# '))).toHaveLength(1);
    const own = ['Next 30 days', 'People and the 90-day milestone', 'Before and after the redesign', 'The team’s evidence, in full', 'The redesign', ...RULE_IDS.map((id) => `${ruleName(id)} (${id})`)];
    for (const h of plan.headings.filter((h) => h.startsWith('### '))) expect(own).toContain(h.slice(4));
    expect(plan.html.match(/<h\d/g)).toHaveLength(plan.headings.length);
  });

  it('holds no raw "<" at all, no HTML, link, image or strikethrough, and only its own code and emphasis', () => {
    expect(markdown).not.toContain('<');
    const of = (type: string) => plan.inline.filter((t) => t.type === type);
    for (const type of ['html', 'link', 'image', 'del', 'br']) expect(of(type)).toEqual([]);
    expect(of('codespan').map((t: Token) => (t as { text: string }).text)).toEqual(['hostile']);
    const ownStrong = new Set([
      ...SURFACES,
      ...['1', '2'],
      ...['Today:', 'Dominant failure surface:', 'No stall found:', 'Next motion:', 'Who acts:', 'Buys:', 'Done when:', 'Sponsor:', 'Program lead:', '90-day milestone:'],
      ...['Protected path:', 'Who decides to expand or roll back:', 'Waived findings', 'Refused waivers', 'Stale waivers', 'Rule settings that differ from the defaults:'],
    ]);
    for (const t of of('strong')) expect(ownStrong).toContain((t as { text: string }).text);
    for (const t of of('em')) expect(['(error)', '(warning)', '(info: numbers missing)', ...RULE_IDS.map(ruleName)]).toContain((t as { text: string }).text);
    expect([...plan.code.keys()]).toEqual(['yaml', 'mermaid']);
    expect(plan.html).not.toMatch(/<(script|img|a|iframe|input)\b/);
  });

  it('keeps every table row to its header’s columns', () => {
    // The scorecard, the rollout gate's two tables, the measures.
    expect(plan.tables.map((t) => t.header.length)).toEqual([4, 3, 2, 4]);
    for (const table of plan.tables) for (const row of table.rows) expect(row).toHaveLength(table.header.length);
    const tableLines = markdown.split('\n').filter((line) => line.startsWith('|'));
    for (const line of tableLines) expect(line.replace(/\\\\/g, '').match(/(?<!\\)\|/g)?.length).toBeOneOf([3, 4, 5]);
  });

  it('renders every typed text exactly, as text (line breaks read as spaces, bidirectional controls dropped)', () => {
    for (const text of typed) expect(plan.text).toContain(oneLine(text));
  });

  it('holds no bidirectional control character in the plan or the CSV', () => {
    expect(JSON.stringify(map)).toMatch(/\u202e/);
    expect(markdown).not.toMatch(BIDI_CONTROLS);
    expect(findingsCsv(map, analysis)).not.toMatch(BIDI_CONTROLS);
    expect(mapToMermaid({ ...map, steps: map.steps.map((s) => ({ ...s, label: `${s.label}\u2066x\u202e` })) }, analysis)).not.toMatch(BIDI_CONTROLS);
  });
});

describe('the rollout gate of a hostile map, read by a YAML parser', () => {
  it('parses without error or warning and gives back the exact strings, line breaks and tabs included', () => {
    const [yaml] = plan.code.get('yaml') ?? [];
    const document = parseDocument(yaml);
    expect(document.errors).toEqual([]);
    expect(document.warnings).toEqual([]);
    const gate = document.toJS().rollout_gate;
    expect(gate.workflow).toBe(map.title);
    const onPath = new Set(analysis.metrics.criticalPath);
    expect(gate.protected_path).toEqual(map.steps.filter((s) => onPath.has(s.id)).map((s) => s.label));
    expect(gate.protected_path).toContain(map.steps[3].label); // "\r\n" and "```" inside
    expect(gate.before_expansion.every_step_owned.unowned_now).toEqual([map.steps[3].label]);
    expect(gate.before_expansion.override_rate[0].step).toBe(map.steps[1].label);
  });
});

describe('the Mermaid picture of a hostile map, read by mermaid’s own parser', () => {
  it('parses, with one node per step and one edge per join, labels exactly as typed', async () => {
    const text = mapToMermaid(map, analysis);
    const chart = await parseWithMermaid(text);
    expect(chart.diagramType).toBe('flowchart-v2');
    expect(chart.vertices.map((v) => [v.id, v.text])).toEqual(map.steps.map((s, i) => [`n${i}`, oneLine(s.label)]));
    expect(chart.edges.map((e) => [e.start, e.end, e.text])).toEqual(
      map.joins.map((j) => [`n${map.steps.findIndex((s) => s.id === j.from)}`, `n${map.steps.findIndex((s) => s.id === j.to)}`, oneLine(edgeText(j))]),
    );
    expect(chart.vertices.map((v) => v.classes[0])).toEqual(map.steps.map((s) => kindClass(s.kind)));
  });

  it('imports back to the same kinds, labels (on one line) and handoffs', () => {
    const back = mermaidToMap(mapToMermaid(map, analysis), { id: 'back', title: 'Back' });
    if (!back.ok) throw new Error(JSON.stringify(back.errors));
    expect(back.map.steps.map((s) => [s.kind, s.label])).toEqual(map.steps.map((s) => [s.kind, oneLine(s.label)]));
    expect(back.map.joins.map((j) => [j.handoff, j.label, j.waitMinutes])).toEqual(map.joins.map((j) => [j.handoff, j.label, j.waitMinutes]));
  });
});

describe('the findings CSV of a hostile map, read by a CSV parser', () => {
  it('round-trips every field, with formula-like fields marked as text', () => {
    const rows: string[][] = parseCsv(findingsCsv(map, analysis), { relax_column_count: false });
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(analysis.findings.length + 1);
    const asText = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
    const label = (id: string) => map.steps.find((s) => s.id === id)?.label ?? map.joins.find((j) => j.id === id)?.label;
    analysis.findings.forEach((f, i) => {
      const row = rows[i + 1];
      expect(row[0]).toBe(f.rule);
      expect(row[3]).toBe(f.targets.join(' '));
      expect(row[6]).toBe(asText(f.message));
      expect(row[7]).toBe(String(f.waived));
      if (f.targets.every((id) => label(id) !== undefined)) expect(row[4]).toBe(asText(f.targets.map((id) => label(id)).join(' · ')));
    });
    const ownerOf = (rule: string) => rows.find((r) => r[0] === rule)?.[5];
    expect(ownerOf('override-rate')).toBe(map.steps[1].owner);
    expect(ownerOf('verification-exceeds-work')).toBe(`'${map.steps[2].owner} · ${map.steps[1].owner}`);
  });
});
