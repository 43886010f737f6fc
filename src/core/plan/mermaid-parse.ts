import { fromYamlScalar } from './escape';
import { Reader } from './reader';

/**
 * A reader for the part of Mermaid's flowchart syntax that draws a process: nodes with shapes
 * and classes, edges and chains of them, `&` groups, `class` statements and `%%` comments.
 * Styling (classDef, style, linkStyle, click), subgraph lines and directions are read past.
 * It returns what it found and a message per line it could not read; it never throws.
 */

export type NodeShape =
  | 'rect'
  | 'round'
  | 'stadium'
  | 'subroutine'
  | 'cylinder'
  | 'circle'
  | 'double-circle'
  | 'asymmetric'
  | 'rhombus'
  | 'hexagon'
  | 'parallelogram'
  | 'trapezoid';

export type ArrowStyle = 'solid' | 'dotted' | 'thick';

export interface ParsedNode {
  id: string;
  /** The text as written (entity codes not yet decoded); undefined for a bare id. */
  text?: string;
  shape?: NodeShape;
  classes: string[];
  /** 1-based line where the node first appears. */
  line: number;
}

export interface ParsedEdge {
  from: string;
  to: string;
  style: ArrowStyle;
  text?: string;
  line: number;
}

export interface ParsedFlowchart {
  direction: string;
  /** From YAML front matter `title:`, when there is one. */
  title?: string;
  nodes: Map<string, ParsedNode>;
  edges: ParsedEdge[];
  errors: { line: number; message: string }[];
}

/** Openers longest first; each lists its closers and the shape they make. */
const SHAPES: readonly [string, readonly (readonly [string, NodeShape])[]][] = [
  ['(((', [[')))', 'double-circle']]],
  ['((', [['))', 'circle']]],
  ['([', [['])', 'stadium']]],
  ['[[', [[']]', 'subroutine']]],
  ['[(', [[')]', 'cylinder']]],
  ['{{', [['}}', 'hexagon']]],
  ['[/', [['/]', 'parallelogram'], ['\\]', 'trapezoid']]],
  ['[\\', [['\\]', 'parallelogram'], ['/]', 'trapezoid']]],
  ['(', [[')', 'round']]],
  ['[', [[']', 'rect']]],
  ['{', [['}', 'rhombus']]],
  ['>', [[']', 'asymmetric']]],
];

const ID = /[A-Za-z0-9_$\u00a0-\uffff]+(?:[-.][A-Za-z0-9_$\u00a0-\uffff]+)*/y;
const IGNORED = /^(classDef|style|linkStyle|click|subgraph|end|direction|accTitle|accDescr)\b/;
const HEADER = /^(flowchart|graph)(?:\s+(LR|RL|TB|TD|BT))?\s*$/i;

/** Plain arrows, after an optional `<`: `-->` `---` `--x`, `-.->` `-.-`, `==>` `===`, `~~~`. */
const ARROW = /<?(?:(-{2,}[>xo]?)|(-\.+-[>xo]?)|(={2,}[>xo]?)|(~{3,}))/y;
/** Arrows with their text inside: `-- text -->`, `-. text .->`, `== text ==>`. */
const TEXT_ARROWS: readonly [RegExp, RegExp, ArrowStyle][] = [
  [/<?--(?![->])(?![xo](?:\s|$))/y, /-{2,}[>xo]|-{3,}/g, 'solid'],
  [/<?-\.(?![-.])/y, /\.+-[>xo]?/g, 'dotted'],
  [/<?==(?![=>])/y, /={2,}[>xo]|={3,}/g, 'thick'],
];

export function parseFlowchart(source: string): ParsedFlowchart {
  const chart: ParsedFlowchart = { direction: 'LR', nodes: new Map(), edges: [], errors: [] };
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  let sawHeader = false;
  let inFrontMatter = false;
  lines.forEach((raw, index) => {
    const line = index + 1;
    const text = stripComment(raw).trim();
    if (!sawHeader && text === '---' && !inFrontMatter) {
      inFrontMatter = true;
      return;
    }
    if (inFrontMatter) {
      if (text === '---') inFrontMatter = false;
      const title = /^title:\s*(.+)$/.exec(text);
      if (title) chart.title = fromYamlScalar(title[1].trim());
      return;
    }
    if (text === '') return;
    const statements = splitStatements(text);
    if (!sawHeader) {
      const header = HEADER.exec(statements.shift() ?? '');
      if (!header) {
        chart.errors.push({ line, message: "not a Mermaid flowchart: it must begin with 'flowchart LR' or 'graph TD'" });
        return;
      }
      sawHeader = true;
      chart.direction = (header[2] ?? 'TB').toUpperCase();
    }
    for (const statement of statements) readStatement(chart, statement, line);
  });
  if (!sawHeader && chart.errors.length === 0) chart.errors.push({ line: 1, message: 'the text is empty: expected a Mermaid flowchart' });
  return chart;
}

/** Drops a `%%` comment that is not inside quotes (Mermaid's comments run to the end of the line). */
function stripComment(line: string): string {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '"') quoted = !quoted;
    else if (!quoted && line.startsWith('%%', i)) return line.slice(0, i);
  }
  return line;
}

/** Splits on `;` outside quotes and brackets. */
function splitStatements(line: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"') quoted = !quoted;
    else if (quoted) continue;
    else if ('[({'.includes(ch)) depth += 1;
    else if (')]}'.includes(ch)) depth = Math.max(0, depth - 1);
    else if (ch === ';' && depth === 0) {
      out.push(line.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(line.slice(start).trim());
  return out.filter(Boolean);
}

function readStatement(chart: ParsedFlowchart, statement: string, line: number): void {
  if (IGNORED.test(statement)) return;
  const classStatement = /^class\s+(.+?)\s+([\w-]+(?:,[\w-]+)*)$/.exec(statement);
  if (classStatement) {
    for (const id of classStatement[1].split(',')) node(chart, id.trim(), line).classes.push(...classStatement[2].split(','));
    return;
  }
  const reader = new Reader(statement);
  const groups = [readGroup(chart, reader, line)];
  const links: Link[] = [];
  while (groups[groups.length - 1]) {
    const link = readLink(reader);
    if (!link) break;
    links.push(link);
    groups.push(readGroup(chart, reader, line));
  }
  reader.skipSpace();
  if (groups.some((g) => g === undefined) || !reader.done()) {
    chart.errors.push({ line, message: `cannot read '${reader.rest() || statement}' (expected a node such as A["label"] or an edge such as A --> B)` });
    return;
  }
  links.forEach((link, k) => {
    for (const from of groups[k] ?? []) {
      for (const to of groups[k + 1] ?? []) {
        // `~~~` only spaces nodes apart: it is no join.
        if (link.style !== 'invisible') chart.edges.push({ from, to, style: link.style, text: link.text, line });
      }
    }
  });
}

function node(chart: ParsedFlowchart, id: string, line: number): ParsedNode {
  let found = chart.nodes.get(id);
  if (!found) {
    found = { id, classes: [], line };
    chart.nodes.set(id, found);
  }
  return found;
}

/** `A`, `A["x"]:::cls`, `A & B`: the ids, each node recorded. */
function readGroup(chart: ParsedFlowchart, reader: Reader, line: number): string[] | undefined {
  const ids: string[] = [];
  do {
    reader.skipSpace();
    const id = reader.match(ID);
    if (!id) return undefined;
    const found = node(chart, id, line);
    const shape = readShape(reader);
    if (shape === null) return undefined;
    if (shape) Object.assign(found, shape);
    const cls = reader.match(/:::([\w-]+)/y);
    if (cls) found.classes.push(cls.slice(3));
    ids.push(id);
    reader.skipSpace();
  } while (reader.eat('&'));
  return ids;
}

/** The shape and its text; undefined when the node has none, null when it is opened but never closed. */
function readShape(reader: Reader): { shape: NodeShape; text: string } | undefined | null {
  const entry = SHAPES.find(([open]) => reader.startsWith(open));
  if (!entry) return undefined;
  const [open, closers] = entry;
  const start = reader.position;
  reader.advance(open.length);
  const text = reader.startsWith('"') ? reader.quoted() : reader.until(closers.map(([close]) => close));
  reader.skipSpace();
  const closer = text === undefined ? undefined : closers.find(([close]) => reader.startsWith(close));
  if (text === undefined || !closer) {
    reader.position = start;
    return null;
  }
  reader.advance(closer[0].length);
  return { shape: closer[1], text };
}

interface Link {
  style: ArrowStyle | 'invisible';
  text?: string;
}

function readLink(reader: Reader): Link | undefined {
  reader.skipSpace();
  for (const [open, close, style] of TEXT_ARROWS) {
    if (!reader.match(open)) continue;
    reader.skipSpace();
    const text = reader.startsWith('"') ? reader.quoted() : undefined;
    const end = reader.search(close);
    if (!end) return undefined;
    return { style, text: text ?? end.before.trim() };
  }
  const arrow = reader.exec(ARROW);
  if (!arrow) return undefined;
  const style = arrow[2] ? 'dotted' : arrow[3] ? 'thick' : arrow[4] ? 'invisible' : 'solid';
  reader.skipSpace();
  if (!reader.eat('|')) return { style };
  reader.skipSpace();
  const text = reader.startsWith('"') ? reader.quoted() : reader.until(['|']);
  reader.skipSpace();
  if (text === undefined || !reader.eat('|')) return undefined;
  return { style, text: text.trim() };
}
