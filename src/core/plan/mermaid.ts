import type { AnalysisResult, Finding } from '../analyzer';
import { type MapState, mapInState } from '../analyzer/map-state';
import { formatDuration, type Handoff, type Join, type StallMap, type StepKind } from '../model';
import { mermaidText, yamlString } from './escape';

/**
 * The map as a Mermaid flowchart, so a plan renders with its picture on GitHub, GitLab or
 * Notion. The conventions, which mermaid-import.ts reads back:
 *
 * - Node ids are n0, n1, … in map order: a step id may be a Mermaid keyword (`end`, `graph`).
 * - Shapes by kind: start and end stadium `([…])`, ai hexagon `{{…}}`, approval rhombus `{…}`,
 *   verification subroutine `[[…]]`, handoff parallelogram `[/…/]`, human and system rectangle.
 *   Each node also gets the class `<kind>Step` (`aiStep`, `endStep`: `end` is a keyword).
 * - Arrows by handoff, their weight following the friction: `-.->` system (dotted: no person,
 *   an API, queue or event), `-->` manual (the format's default), `==>` meeting (thick: it waits
 *   for a forum). The edge text says it in words too: "label · handoff · wait".
 * - Open errors and warnings: the flagged step gets the class flaggedError / flaggedWarning,
 *   the flagged join a red or amber `linkStyle`.
 */

export const NODE_SHAPES: Readonly<Record<StepKind, readonly [string, string]>> = {
  start: ['([', '])'],
  end: ['([', '])'],
  human: ['[', ']'],
  system: ['[', ']'],
  ai: ['{{', '}}'],
  approval: ['{', '}'],
  verification: ['[[', ']]'],
  handoff: ['[/', '/]'],
};

export const HANDOFF_ARROWS: Readonly<Record<Handoff, string>> = { system: '-.->', manual: '-->', meeting: '==>' };

/** The edge text parts are joined by this, and the importer splits on it. */
export const EDGE_TEXT_SEPARATOR = ' · ';

const KIND_COLOURS: Readonly<Record<StepKind, string>> = {
  start: 'fill:#f0fdf4,stroke:#15803d',
  end: 'fill:#f3f4f6,stroke:#111827',
  human: 'fill:#eff6ff,stroke:#2563eb',
  ai: 'fill:#f5f3ff,stroke:#7c3aed',
  system: 'fill:#f8fafc,stroke:#475569',
  approval: 'fill:#fffbeb,stroke:#b45309',
  verification: 'fill:#f0fdfa,stroke:#0f766e',
  handoff: 'fill:#fff7ed,stroke:#c2410c',
};

const FLAG_COLOURS = { error: '#dc2626', warning: '#d97706' } as const;

export const kindClass = (kind: StepKind): string => `${kind}Step`;

/** "emailed · manual · 1h": what the join is called, how it moves, how long it waits. */
export function edgeText(join: Join): string {
  const parts = [join.label ?? '', join.handoff ?? 'manual', join.waitMinutes === undefined ? '' : formatDuration(join.waitMinutes)];
  return parts.filter(Boolean).join(EDGE_TEXT_SEPARATOR);
}

/**
 * The flowchart as the Export menu's file: the map's title in YAML front matter, where Mermaid
 * keeps a diagram's title and import reads it back (without it, the file's name became the title).
 */
export function mermaidFile(title: string, flowchart: string): string {
  return `---\ntitle: ${yamlString(title)}\n---\n${flowchart}`;
}

/** The flowchart; with an analysis, flagged steps and joins are styled by their worst open finding. */
export function mapToMermaid(map: StallMap, analysis?: Pick<AnalysisResult, 'findings'>, direction: 'LR' | 'TD' = 'LR'): string {
  const node = new Map(map.steps.map((step, i) => [step.id, `n${i}`]));
  const lines = [`flowchart ${direction}`];
  for (const step of map.steps) {
    const [open, close] = NODE_SHAPES[step.kind];
    lines.push(`  ${node.get(step.id)}${open}"${mermaidText(step.label)}"${close}`);
  }
  const drawn: Join[] = [];
  for (const join of map.joins) {
    const from = node.get(join.from);
    const to = node.get(join.to);
    if (!from || !to) continue;
    drawn.push(join);
    lines.push(`  ${from} ${HANDOFF_ARROWS[join.handoff ?? 'manual']}|"${mermaidText(edgeText(join))}"| ${to}`);
  }
  const kinds = [...new Set(map.steps.map((s) => s.kind))];
  for (const kind of kinds) lines.push(`  classDef ${kindClass(kind)} ${KIND_COLOURS[kind]}`);
  for (const kind of kinds) {
    const ids = map.steps.filter((s) => s.kind === kind).map((s) => node.get(s.id));
    lines.push(`  class ${ids.join(',')} ${kindClass(kind)}`);
  }
  lines.push(...flagLines(map, drawn, node, analysis?.findings ?? []));
  return `${lines.join('\n')}\n`;
}

/**
 * One state of the map as a flowchart, flagged by that state's own findings: today's, or the
 * redesign's (undefined when the map has none). `analysis` is of the whole map, as `analyze(map)`
 * gives it.
 */
export function stateToMermaid(map: StallMap, analysis: Pick<AnalysisResult, 'findings' | 'redesign'>, state: MapState): string | undefined {
  const shown = mapInState(map, analysis, state);
  return shown && mapToMermaid(shown.map, shown);
}

/** The worst open error or warning per flagged id (the first target of a finding). */
function worstFlags(findings: readonly Finding[]): Map<string, 'error' | 'warning'> {
  const worst = new Map<string, 'error' | 'warning'>();
  for (const f of findings) {
    if (f.waived || f.severity === 'info') continue;
    const id = f.targets[0];
    if (worst.get(id) !== 'error') worst.set(id, f.severity);
  }
  return worst;
}

function flagLines(map: StallMap, drawn: readonly Join[], node: ReadonlyMap<string, string>, findings: readonly Finding[]): string[] {
  const worst = worstFlags(findings);
  if (worst.size === 0) return [];
  const lines: string[] = [];
  for (const severity of ['error', 'warning'] as const) {
    const name = severity === 'error' ? 'flaggedError' : 'flaggedWarning';
    const steps = map.steps.filter((s) => worst.get(s.id) === severity).map((s) => node.get(s.id));
    if (steps.length > 0) lines.push(`  classDef ${name} stroke:${FLAG_COLOURS[severity]},stroke-width:3px`, `  class ${steps.join(',')} ${name}`);
    const links = drawn.flatMap((join, index) => (worst.get(join.id) === severity ? [index] : []));
    if (links.length > 0) lines.push(`  linkStyle ${links.join(',')} stroke:${FLAG_COLOURS[severity]},stroke-width:3px`);
  }
  return lines;
}
