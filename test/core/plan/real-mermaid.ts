import { Window } from 'happy-dom';

/**
 * Mermaid's own parser, run in Node. Parsing needs no layout, but mermaid sanitises labels with
 * DOMPurify, which needs a window: a happy-dom window, set up before mermaid is first imported,
 * is the lightest that works (mermaid.parse fails with "DOMPurify.addHook is not a function"
 * without one). The real DOMPurify runs, so a label that smuggled HTML would come back changed.
 */
type Mermaid = typeof import('mermaid').default;
let loading: Promise<Mermaid> | undefined;

function loadMermaid(): Promise<Mermaid> {
  if (!loading) {
    const window = new Window();
    Object.assign(globalThis, { window, document: window.document });
    loading = import('mermaid').then((module) => module.default);
  }
  return loading;
}

export interface ParsedVertex {
  id: string;
  /** The label as mermaid will draw it: its entity codes decoded. */
  text: string;
  type: string | undefined;
  classes: string[];
}

export interface ParsedEdge {
  start: string;
  end: string;
  text: string;
  type: string;
  stroke: string;
  style: string[];
}

/** Parses with mermaid (throws its parse error) and returns the flowchart's vertices and edges as its database holds them. */
export async function parseWithMermaid(text: string): Promise<{ diagramType: string; vertices: ParsedVertex[]; edges: ParsedEdge[] }> {
  const mermaid = await loadMermaid();
  const result = await mermaid.parse(text);
  if (!result) throw new Error('mermaid.parse returned false');
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
  const db = diagram.db as unknown as {
    getVertices(): Map<string, { id: string; text: string; type?: string; classes: string[] }>;
    getEdges(): { start: string; end: string; text: string; type: string; stroke: string; style?: string[] }[];
  };
  return {
    diagramType: result.diagramType,
    vertices: [...db.getVertices().values()].map((v) => ({ id: v.id, text: drawn(v.text), type: v.type, classes: v.classes })),
    edges: db.getEdges().map((e) => ({ start: e.start, end: e.end, text: drawn(e.text), type: e.type, stroke: e.stroke, style: e.style ?? [] })),
  };
}

/**
 * Mermaid keeps `#60;` as private markers until it draws (its encodeEntities), then writes them
 * as HTML entities that the browser decodes; this does both steps.
 */
function drawn(text: string): string {
  const html = text.replace(/ﬂ°°/g, '&#').replace(/ﬂ°/g, '&').replace(/¶ß/g, ';');
  return html.replace(/&(#\d+|quot|amp|lt|gt|apos|nbsp);/g, (_, code: string) =>
    code.startsWith('#') ? String.fromCodePoint(Number(code.slice(1))) : ({ quot: '"', amp: '&', lt: '<', gt: '>', apos: "'", nbsp: '\u00a0' })[code] ?? '',
  );
}
