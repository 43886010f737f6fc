import { lineOf, valueLines } from './json-lines';
import { crossReferenceIssues, mapSchema, type References, type StallMap } from './schema';
import { migrate } from './migrations';
import { formatPath, toSchemaErrors, type SchemaError } from './errors';

export type ParseResult = { ok: true; map: StallMap } | { ok: false; errors: SchemaError[] };

/** Validates (and migrates) anything claiming to be a map. Never throws. */
export function parseMap(input: unknown): ParseResult {
  const migrated = migrate(withoutSchemaKey(input));
  if (!migrated.ok) return migrated;
  const result = mapSchema.safeParse(migrated.value, { reportInput: true });
  if (result.success) return { ok: true, map: result.data };
  return { ok: false, errors: withReferenceErrors(toSchemaErrors(result.error), migrated.value) };
}

/**
 * Zod skips the cross-reference check when an item fails, but a person fixing a file wants
 * every error at once, so the references are checked again on whatever items look like items.
 */
function withReferenceErrors(errors: SchemaError[], raw: unknown): SchemaError[] {
  const input = raw as { steps?: unknown; joins?: unknown } | null;
  if (!input || !Array.isArray(input.steps) || !Array.isArray(input.joins)) return errors;
  const refs: References = { steps: input.steps.map(looseStep), joins: input.joins.map(looseJoin) };
  const seen = new Set(errors.map((e) => `${e.path}\n${e.message}`));
  for (const issue of crossReferenceIssues(refs)) {
    const error = { path: formatPath(issue.path), message: issue.message };
    if (!seen.has(`${error.path}\n${error.message}`)) errors.push(error);
  }
  return errors;
}

const str = (value: unknown) => (typeof value === 'string' ? value : '\u0000');

function looseStep(item: unknown): References['steps'][number] {
  const step = (item ?? {}) as Record<string, unknown>;
  const verifies = Array.isArray(step.verifies) ? step.verifies.filter((v): v is string => typeof v === 'string') : [];
  return { id: str(step.id), kind: str(step.kind), verifies };
}

function looseJoin(item: unknown): References['joins'][number] {
  const join = (item ?? {}) as Record<string, unknown>;
  return { id: str(join.id), from: str(join.from), to: str(join.to) };
}

/** `"$schema"` names the JSON Schema an editor validates the file against; the map ignores it. */
function withoutSchemaKey(input: unknown): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input) || !('$schema' in input)) return input;
  const { $schema: _ignored, ...rest } = input as Record<string, unknown>;
  return rest;
}

/** Parses JSON text (a UTF-8 byte-order mark is allowed), then the map; a syntax error is reported with its line and column where the parser gives a place. */
export function parseMapJson(text: string): ParseResult {
  const json = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    return { ok: false, errors: [{ path: '(JSON)', message: withLineAndColumn(json, (error as Error).message) }] };
  }
  const parsed = parseMap(raw);
  if (parsed.ok) return parsed;
  // Only a refused file is walked for its lines: a map that parses costs nothing more.
  const lines = valueLines(json);
  return {
    ...parsed,
    errors: parsed.errors.map((error) => {
      const line = lineOf(lines, error.path);
      return line === undefined ? error : { ...error, line };
    }),
  };
}

/**
 * The parser's message with the line and column a person finds in an editor: the parser says
 * "at position 4213" (characters from the start) or "Unexpected end of JSON input", or, for a
 * short text, quotes it whole and gives no place (then the message is left as it is).
 */
export function withLineAndColumn(text: string, message: string): string {
  // Newer engines (Chromium's, Node 22's) add their own "(line 4 column 23)": said once, our way.
  message = message.replace(/ \(line \d+ column \d+\)/, '');
  const at = /at position (\d+)/.exec(message);
  const position = at ? Number(at[1]) : /end of JSON input/.test(message) ? text.length : undefined;
  if (position === undefined || position > text.length) return message;
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return `${message} (line ${line}, column ${column})`;
}
