import { Lexer, marked, type Token, type Tokens } from 'marked';
import { parse as parseYaml } from 'yaml';

/** A plan read the way a Markdown renderer (marked, GitHub-flavoured) reads it. */
export interface ReadPlan {
  tokens: Token[];
  /** Every heading, as "## Summary". */
  headings: string[];
  /** The body of each `## ` section, by heading text, trimmed. */
  sections: Map<string, string>;
  /** The fenced code blocks, by language. */
  code: Map<string, string[]>;
  tables: Tokens.Table[];
  /** Every inline token of the document, depth first. */
  inline: Token[];
  /** The HTML marked renders. */
  html: string;
  /** That HTML as a reader sees it: tags dropped, entities decoded. */
  text: string;
}

export function readPlan(markdown: string): ReadPlan {
  const tokens = new Lexer({ gfm: true }).lex(markdown);
  const headings: string[] = [];
  const code = new Map<string, string[]>();
  const tables: Tokens.Table[] = [];
  const inline: Token[] = [];
  marked.walkTokens(tokens, (token) => {
    if (token.type === 'heading') headings.push(`${'#'.repeat(token.depth)} ${token.text}`);
    else if (token.type === 'code') code.set(token.lang ?? '', [...(code.get(token.lang ?? '') ?? []), token.text]);
    else if (token.type === 'table') tables.push(token as Tokens.Table);
    else if (!['paragraph', 'list', 'list_item', 'blockquote', 'space', 'hr', 'text'].includes(token.type)) inline.push(token);
  });
  const sections = new Map<string, string>();
  const parts = markdown.split(/^## /m).slice(1);
  for (const part of parts) {
    const newline = part.indexOf('\n');
    sections.set(part.slice(0, newline), part.slice(newline + 1).trim());
  }
  const html = marked.parse(markdown, { async: false, gfm: true });
  return { tokens, headings, sections, code, tables, inline, html, text: htmlText(html) };
}

/** The text of rendered HTML: tags removed, marked's entities decoded. */
export function htmlText(html: string): string {
  const entities: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&amp;': '&' };
  return html.replace(/<[^>]*>/g, '').replace(/&(lt|gt|quot|#39|amp);/g, (e) => entities[e]);
}

/** The plan's rollout gate, parsed. */
export function gateOf(plan: ReadPlan): { rollout_gate: Record<string, any> } {
  const [yaml] = plan.code.get('yaml') ?? [];
  return parseYaml(yaml);
}
