import {
  CURRENT_VERSION,
  FORMAT,
  type Handoff,
  HANDOFFS,
  ID_PATTERN,
  type Join,
  parseDuration,
  parseMap,
  type SchemaError,
  STEP_KINDS,
  type StallMap,
  type Step,
  type StepKind,
} from '../model';
import { decodeEntities, oneLine } from './escape';
import { EDGE_TEXT_SEPARATOR } from './mermaid';
import { type ArrowStyle, type NodeShape, type ParsedFlowchart, type ParsedNode, parseFlowchart } from './mermaid-parse';
import { gridPositions } from './grid';

/**
 * A Mermaid flowchart a team already drew, as a map. The convention, which mermaid.ts writes:
 *
 * Step kind, first rule that applies:
 * 1. a class (`class A ai` or `A:::ai`) naming a kind; `aiStep`, `ai-step` and `endStep` count
 *    too (`end` is a Mermaid keyword), and `check` means verification;
 * 2. a label prefix `ai:`, `human:`, `system:`, `approval:`, `check:` or `verification:`,
 *    `handoff:`, `start:`, `end:` (the prefix is removed from the label);
 * 3. the shape: stadium `([…])` or circle `((…))` is a start when nothing leads into it, an end
 *    when nothing leaves it; rhombus `{…}` approval; hexagon `{{…}}` ai; subroutine `[[…]]`
 *    verification; parallelogram `[/…/]` or `[\…\]` handoff; anything else human.
 *
 * Edge text "label · handoff · wait", each part optional, read from the end: a last part that
 * is a duration with a unit ("1h", "3d 2h") is the wait; then a last part `system`, `manual` or
 * `meeting` is the handoff, which wins over the arrow: `-.->` system, `-->` manual (the
 * format's default), `==>` meeting. The rest is the join's label; when no part gave the wait, a
 * duration inside the label ("waits 2 days") does (so a label that is only a duration, on a
 * join with no wait, comes back as its wait).
 * `~~~` links only space nodes apart and make no join.
 *
 * Ids: a Mermaid id that fits the map format's id pattern is kept; others have their other
 * characters replaced by `_`; clashes get `-2`, `-3`. Joins are j1, j2, … Positions come from a
 * simple grid, one column per step along the longest path into it.
 */

export type MermaidImportResult = { ok: true; map: StallMap } | { ok: false; errors: SchemaError[] };

const KIND_ALIASES: Readonly<Record<string, StepKind>> = {
  ...Object.fromEntries(STEP_KINDS.map((k) => [k, k])),
  check: 'verification',
};

const ARROW_HANDOFF: Readonly<Record<ArrowStyle, Handoff>> = { dotted: 'system', solid: 'manual', thick: 'meeting' };

const SHAPE_KIND: Partial<Record<NodeShape, StepKind>> = {
  rhombus: 'approval',
  hexagon: 'ai',
  subroutine: 'verification',
  parallelogram: 'handoff',
};

const UNIT = '(?:weeks?|wk|w|days?|d|hours?|hrs?|h|minutes?|mins?|m)';
const DURATION = new RegExp(String.raw`\d+(?:\.\d+)?\s*${UNIT}(?:[\s,]+\d+(?:\.\d+)?\s*${UNIT})*(?![a-z])`, 'i');

export interface MermaidImportOptions {
  id?: string;
  title?: string;
  /** The title when neither `title` nor the flowchart's front matter gives one. */
  fallbackTitle?: string;
}

/**
 * Never throws: text that is not a flowchart, or gives no valid map, returns errors by line. The
 * title is `title`, else the front matter's, else `fallbackTitle` (a file's name).
 */
export function mermaidToMap(text: string, options: MermaidImportOptions = {}): MermaidImportResult {
  try {
    return convert(parseFlowchart(text), options);
  } catch (error) {
    return { ok: false, errors: [{ path: '(Mermaid)', message: `cannot read the flowchart: ${(error as Error).message}` }] };
  }
}

function convert(chart: ParsedFlowchart, options: MermaidImportOptions): MermaidImportResult {
  if (chart.errors.length > 0) return { ok: false, errors: chart.errors.map((e) => ({ path: `line ${e.line}`, message: e.message })) };
  const nodes = [...chart.nodes.values()];
  if (nodes.length === 0) return { ok: false, errors: [{ path: 'line 1', message: 'the flowchart has no nodes' }] };
  const ids = uniqueIds(nodes.map((n) => n.id));
  const idOf = new Map(nodes.map((n, i) => [n.id, ids[i]]));
  // An edge written twice (`a --> b` again, or in `a --> b & c`) is one join, as the canvas never
  // draws a second join between the same two steps: the first one written, with the first text
  // either gives.
  const once = new Map<string, ParsedFlowchart['edges'][number]>();
  for (const edge of chart.edges) {
    const key = `${edge.from}\n${edge.to}`;
    const first = once.get(key);
    if (!first) once.set(key, { ...edge });
    else first.text ||= edge.text;
  }
  const edgesOnce = [...once.values()];
  const hasIn = new Set(edgesOnce.map((e) => e.to));
  const hasOut = new Set(edgesOnce.map((e) => e.from));
  const steps: Step[] = nodes.map((n, i) => ({ id: ids[i], ...kindAndLabel(n, hasIn.has(n.id), hasOut.has(n.id)) }));
  const taken = new Set(ids);
  let next = 1;
  const joins: Join[] = edgesOnce.map((edge) => {
    while (taken.has(`j${next}`)) next += 1;
    taken.add(`j${next}`);
    return { id: `j${next}`, from: idOf.get(edge.from)!, to: idOf.get(edge.to)!, ...readEdgeText(edge.text, ARROW_HANDOFF[edge.style]) };
  });
  const index = new Map(ids.map((id, i) => [id, i]));
  const edges = joins.map((j): [number, number] => [index.get(j.from)!, index.get(j.to)!]);
  const positions = gridPositions(steps.length, edges, /^(TB|TD|BT)$/.test(chart.direction));
  steps.forEach((step, i) => {
    step.position = positions[i];
  });
  const map = {
    format: FORMAT,
    version: CURRENT_VERSION,
    id: options.id ?? 'imported-flowchart',
    title: options.title ?? chart.title ?? options.fallbackTitle ?? 'Imported flowchart',
    steps,
    joins,
    waivers: [],
    comments: [],
  };
  const parsed = parseMap(map);
  if (parsed.ok) return parsed;
  const lineOf = (path: string) => {
    const at = /^(steps|joins)\[(\d+)\]/.exec(path);
    if (!at) return path;
    return `line ${at[1] === 'steps' ? nodes[Number(at[2])].line : edgesOnce[Number(at[2])].line}`;
  };
  return { ok: false, errors: parsed.errors.map((e) => ({ path: lineOf(e.path), message: `${e.path}: ${e.message}` })) };
}

/** A Markdown string's backticks dropped (typed ones, not `#96;`), `<br>` and line breaks as spaces, entity codes decoded. */
function readText(raw: string | undefined): string {
  const typed = (raw ?? '').trim();
  const inner = typed.length >= 2 && typed.startsWith('`') && typed.endsWith('`') ? typed.slice(1, -1) : typed;
  return oneLine(decodeEntities(inner.replace(/<br\s*\/?>/gi, ' ')));
}

function kindFromClass(name: string): StepKind | undefined {
  const plain = name.toLowerCase().replace(/[-_]/g, '');
  return KIND_ALIASES[plain] ?? KIND_ALIASES[plain.replace(/step$/, '')];
}

function kindAndLabel(node: ParsedNode, hasIn: boolean, hasOut: boolean): { kind: StepKind; label: string } {
  const text = node.text === undefined ? node.id : readText(node.text);
  const prefix = /^([a-z]+)\s*:\s*/i.exec(text);
  const prefixKind = prefix ? KIND_ALIASES[prefix[1].toLowerCase()] : undefined;
  const classKind = node.classes.map(kindFromClass).find((k) => k !== undefined);
  const kind = classKind ?? prefixKind ?? shapeKind(node.shape, hasIn, hasOut);
  const stripped = prefix && prefixKind === kind ? text.slice(prefix[0].length) : text;
  return { kind, label: stripped || node.id };
}

function shapeKind(shape: NodeShape | undefined, hasIn: boolean, hasOut: boolean): StepKind {
  if (shape === 'stadium' || shape === 'circle' || shape === 'double-circle') {
    if (!hasIn) return 'start';
    if (!hasOut) return 'end';
  }
  return (shape && SHAPE_KIND[shape]) ?? 'human';
}

/**
 * "emailed · manual · 1h" → label, handoff, wait, read from the end as mermaid.ts writes them:
 * a last part that is a duration is the wait, then a last part that is a handoff word is the
 * handoff; the rest is the label. Hand-drawn text without those parts may still hold a wait
 * ("waits 2 days"), which is read and left in the label.
 */
function readEdgeText(raw: string | undefined, arrowHandoff: Handoff): Pick<Join, 'handoff' | 'label' | 'waitMinutes'> {
  const parts = readText(raw)
    .split(EDGE_TEXT_SEPARATOR)
    .filter((p) => p.trim() !== '');
  let waitMinutes = parts.length > 0 ? durationOf(parts[parts.length - 1], true) : undefined;
  if (waitMinutes !== undefined) parts.pop();
  const word = parts[parts.length - 1]?.toLowerCase();
  const handoff = (HANDOFFS as readonly string[]).includes(word) ? (parts.pop()?.toLowerCase() as Handoff) : arrowHandoff;
  const label = parts.join(EDGE_TEXT_SEPARATOR);
  waitMinutes ??= durationOf(label, false);
  return { handoff, ...(label ? { label } : {}), ...(waitMinutes === undefined ? {} : { waitMinutes }) };
}

/** The minutes of a duration with a unit that is the whole text (`whole`) or inside it. */
function durationOf(text: string, whole: boolean): number | undefined {
  const found = DURATION.exec(text)?.[0];
  if (!found || (whole && found !== text)) return undefined;
  const parsed = parseDuration(found);
  return parsed.ok ? parsed.minutes : undefined;
}

/** Mermaid ids as map ids: invalid characters → `_`, at most 64, clashes numbered. */
function uniqueIds(raw: readonly string[]): string[] {
  const seen = new Set<string>();
  return raw.map((id) => {
    const base = (ID_PATTERN.test(id) ? id : id.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64)) || 'step';
    let candidate = base;
    for (let n = 2; seen.has(candidate); n++) candidate = `${base.slice(0, 60)}-${n}`;
    seen.add(candidate);
    return candidate;
  });
}
