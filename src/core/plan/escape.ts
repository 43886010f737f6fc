/**
 * Everything a person typed (titles, labels, owners, reasons, comments) passes through one of
 * these before it lands in an export, so that it reads as text and can never become syntax:
 * no heading, link, HTML, table cell or code fence in Markdown; no node, edge or comment in
 * Mermaid; no key or document break in YAML; no extra column or formula in a spreadsheet.
 */

/**
 * Bidirectional controls (embeddings, overrides, isolates, marks): a right-to-left override in an
 * owner's name would make a board read the text after it reversed ("Trojan Source"). Every text
 * output drops them.
 */
export const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

export function stripBidi(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}

/** Runs of whitespace, line breaks included, as one space; control and bidirectional characters dropped. */
export function oneLine(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  return stripBidi(text).replace(/[\u0000-\u0008\u000e-\u001f\u007f]/g, '').replace(/\s+/g, ' ').trim();
}

const MARKDOWN_ALWAYS: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '`': '\\`',
  '*': '\\*',
  _: '\\_',
  '[': '\\[',
  ']': '\\]',
  '|': '\\|',
  '~': '\\~',
  $: '\\$', // GitHub renders $…$ as math
  '#': '\\#', // a trailing "##" would close a heading
  '{': '\\{', // Pandoc reads "{#id .class}" after a heading as attributes
  '}': '\\}',
  '<': '&lt;',
  '>': '&gt;',
  '&': '&amp;',
  '@': '\\@', // GFM links "a@b.co" as an e-mail address
};

/**
 * Inline Markdown text (a heading, a table cell, a list item): one line, punctuation that
 * starts emphasis, code, links, math or tables backslash-escaped, `<`, `>` and `&` as entities
 * so `<script>` renders as text. A leading `-`, `+`, `=`, `:` or `1.` is escaped too, because
 * at the start of a list item it would open a nested list or block; so are the `:` of "://"
 * and the `.` of "www.", which GFM would turn into links.
 */
export function escapeMarkdown(text: string): string {
  const escaped = oneLine(text).replace(/[\\`*_[\]|~$#{}<>&@]/g, (ch) => MARKDOWN_ALWAYS[ch]);
  return escaped
    .replace(/:\/\//g, '\\://')
    .replace(/(www)\./gi, '$1\\.')
    .replace(/^([-+=:])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/** Text for HTML element content or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/**
 * Mermaid's entity codes: `#quot;`, `#35;` and so on are decoded only when the diagram is
 * drawn, so inside a quoted label they are text, never syntax. `#` itself is encoded, or a
 * typed "#quot;" would turn into a quote.
 */
const MERMAID_CODES: Readonly<Record<string, string>> = {
  '"': '#quot;',
  '#': '#35;',
  '%': '#37;', // "%%" starts a comment
  '&': '#38;',
  '(': '#40;',
  ')': '#41;',
  ';': '#59;',
  '<': '#60;',
  '>': '#62;',
  '[': '#91;',
  '\\': '#92;',
  ']': '#93;',
  '`': '#96;', // backticks inside quotes make a Markdown string
  '{': '#123;',
  '|': '#124;',
  '}': '#125;',
};

/** A label for inside Mermaid's double quotes: one line, every character that could end or change it as an entity code. */
export function mermaidText(text: string): string {
  return oneLine(text).replace(/["#%&();<>[\\\]`{|}]/g, (ch) => MERMAID_CODES[ch]);
}

const NAMED: Readonly<Record<string, string>> = { quot: '"', amp: '&', lt: '<', gt: '>', apos: "'", nbsp: ' ' };

/** Mermaid's `#35;` / `#quot;` codes and HTML's `&#35;` / `&quot;` back to characters (unknown names stay as typed). */
export function decodeEntities(text: string): string {
  return text.replace(/[#&](#?)(x[0-9a-f]+|\d+|[a-z]+);/gi, (whole, _hash: string, code: string) => {
    const lower = code.toLowerCase();
    if (/^\d+$/.test(code)) return safeCodePoint(Number(code)) ?? whole;
    if (/^x[0-9a-f]+$/.test(lower) && whole.includes('#')) return safeCodePoint(Number.parseInt(lower.slice(1), 16)) ?? whole;
    return NAMED[lower] ?? whole;
  });
}

const safeCodePoint = (n: number) => (n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : undefined);

const YAML_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '<': '\\x3c', // the plan holds no raw "<" anywhere, fences included
  '>': '\\x3e',
};

/**
 * A YAML double-quoted scalar: the one style in which every string, even "---", ": ", "#",
 * leading spaces or "null", stays a string, on one line, with backslash escapes. `<` and `>`
 * are escaped too, so a plan never holds a raw `<` that some renderer could take for HTML.
 */
export function yamlString(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters must be escaped
  const body = stripBidi(text).replace(/[\\"<>\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/g, (ch) => {
    return YAML_ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  return `"${body}"`;
}

/**
 * A YAML scalar as one line of front matter writes it, read back: a double-quoted one (as
 * yamlString writes) with its backslash escapes undone, a single-quoted one with `''` as `'`,
 * else the text as it stands.
 */
export function fromYamlScalar(text: string): string {
  const double = /^"(.*)"$/.exec(text);
  if (double) return double[1].replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)/g, (_, code: string) => YAML_UNESCAPES[code] ?? (code.length > 1 ? String.fromCharCode(Number.parseInt(code.slice(1), 16)) : code));
  const single = /^'(.*)'$/.exec(text);
  return single ? single[1].replaceAll("''", "'") : text;
}

const YAML_UNESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', '0': '\0' };

/**
 * One RFC 4180 field. A field a spreadsheet would run as a formula (one starting with `=`, `+`,
 * `-`, `@`, a tab or a carriage return: OWASP's CSV-injection list) gets a leading `'`, which
 * spreadsheets show as text; the field is quoted when it holds a comma, quote or line break.
 */
export function csvField(value: string): string {
  const plain = stripBidi(value);
  const guarded = /^[=+\-@\t\r]/.test(plain) ? `'${plain}` : plain;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}
