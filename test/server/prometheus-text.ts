/**
 * A strict parser of Prometheus's text exposition format (version 0.0.4), for tests of /metrics:
 * every line must be a `# HELP`, a `# TYPE`, another comment, a blank line or a sample; a sample
 * must belong to a family whose TYPE came before it, with the suffixes its type allows; label
 * values must be escaped as the format says; a family's TYPE comes once. Anything else throws,
 * naming the line.
 */
export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  type: MetricType;
  help?: string;
  samples: Sample[];
}

const METRIC_NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL_NAME = '[a-zA-Z_][a-zA-Z0-9_]*';
const TYPES = new Set<MetricType>(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
/** The sample names each type may have, as suffixes of the family's name. */
const SUFFIXES: Record<MetricType, string[]> = {
  counter: ['', '_total'],
  gauge: [''],
  untyped: [''],
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['', '_sum', '_count'],
};

export function parsePrometheusText(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  if (!text.endsWith('\n')) throw new Error('the exposition must end with a newline');
  const lines = text.slice(0, -1).split('\n');
  for (const [index, line] of lines.entries()) {
    const where = `line ${index + 1}: ${JSON.stringify(line)}`;
    if (line.trim() === '') continue;
    if (line.startsWith('#')) {
      parseComment(line, families, where);
      continue;
    }
    const sample = parseSample(line, where);
    const family = familyOf(sample.name, families);
    if (!family) throw new Error(`${where}: a sample with no TYPE before it`);
    family.samples.push(sample);
  }
  for (const family of families.values()) if (family.type === 'histogram') checkHistogram(family);
  return families;
}

function parseComment(line: string, families: Map<string, Family>, where: string): void {
  const help = new RegExp(`^# HELP (${METRIC_NAME}) (.*)$`).exec(line);
  if (help) {
    const family = families.get(help[1]);
    if (family?.help !== undefined) throw new Error(`${where}: a second HELP for ${help[1]}`);
    if (family) family.help = unescaped(help[2], false, where);
    else families.set(help[1], { name: help[1], type: 'untyped', help: unescaped(help[2], false, where), samples: [] });
    return;
  }
  const type = new RegExp(`^# TYPE (${METRIC_NAME}) (\\w+)$`).exec(line);
  if (type) {
    if (!TYPES.has(type[2] as MetricType)) throw new Error(`${where}: unknown type ${type[2]}`);
    const family = families.get(type[1]);
    if (family && (family.samples.length > 0 || family.type !== 'untyped')) throw new Error(`${where}: TYPE after samples or twice`);
    families.set(type[1], { name: type[1], type: type[2] as MetricType, help: family?.help, samples: [] });
    return;
  }
  if (/^# (HELP|TYPE)\b/.test(line)) throw new Error(`${where}: a malformed HELP or TYPE line`);
}

function parseSample(line: string, where: string): Sample {
  const match = new RegExp(`^(${METRIC_NAME})(\\{(.*)\\})? (\\S+)( -?\\d+)?$`).exec(line);
  if (!match) throw new Error(`${where}: not a sample`);
  return { name: match[1], labels: match[3] === undefined ? {} : parseLabels(match[3], where), value: parseValue(match[4], where) };
}

function parseLabels(text: string, where: string): Record<string, string> {
  const labels: Record<string, string> = {};
  const label = new RegExp(`^(${LABEL_NAME})="((?:[^"\\\\\\n]|\\\\.)*)"(,|$)`);
  let rest = text;
  while (rest.length > 0) {
    const match = label.exec(rest);
    if (!match) throw new Error(`${where}: malformed labels at ${JSON.stringify(rest)}`);
    if (match[1] in labels) throw new Error(`${where}: label ${match[1]} twice`);
    labels[match[1]] = unescaped(match[2], true, where);
    rest = rest.slice(match[0].length);
  }
  return labels;
}

/** As Go's strconv.ParseFloat reads it (what the format says values are): NaN and Inf in any case. */
function parseValue(text: string, where: string): number {
  if (/^[-+]?inf(inity)?$/i.test(text)) return text.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (/^nan$/i.test(text)) return Number.NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) throw new Error(`${where}: ${text} is not a number`);
  return Number(text);
}

/** `\\` and `\n` in HELP; those and `\"` in label values; no other escape. */
function unescaped(text: string, quotes: boolean, where: string): string {
  return text.replace(/\\(.)/g, (_, char: string) => {
    if (char === '\\') return '\\';
    if (char === 'n') return '\n';
    if (char === '"' && quotes) return '"';
    throw new Error(`${where}: an unknown escape \\${char}`);
  });
}

function familyOf(sampleName: string, families: Map<string, Family>): Family | undefined {
  for (const family of families.values()) {
    if (SUFFIXES[family.type].some((suffix) => family.name + suffix === sampleName)) return family;
  }
  return undefined;
}

/** Per label set: buckets cumulative and ending at +Inf, which equals that set's count. */
function checkHistogram(family: Family): void {
  const setOf = (labels: Record<string, string>) => JSON.stringify(Object.entries(labels).filter(([key]) => key !== 'le').sort());
  const sets = new Map<string, Sample[]>();
  for (const sample of family.samples) {
    if (!sample.name.endsWith('_bucket')) continue;
    if (sample.labels.le === undefined) throw new Error(`${family.name}: a bucket without le`);
    sets.set(setOf(sample.labels), [...(sets.get(setOf(sample.labels)) ?? []), sample]);
  }
  for (const [set, buckets] of sets) {
    const ordered = [...buckets].sort((a, b) => parseValue(a.labels.le, family.name) - parseValue(b.labels.le, family.name));
    ordered.forEach((bucket, i) => {
      if (i > 0 && bucket.value < ordered[i - 1].value) throw new Error(`${family.name}${set}: buckets are not cumulative`);
    });
    const inf = ordered.at(-1);
    const count = family.samples.find((s) => s.name === `${family.name}_count` && setOf(s.labels) === set);
    if (inf?.labels.le !== '+Inf' || inf.value !== count?.value) throw new Error(`${family.name}${set}: the +Inf bucket must equal the count`);
  }
}

/** The value of one sample, by name and labels (all of them). */
export function sampleValue(families: Map<string, Family>, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const family of families.values()) {
    for (const sample of family.samples) {
      if (sample.name !== name) continue;
      const keys = Object.keys(sample.labels);
      if (keys.length === Object.keys(labels).length && keys.every((key) => sample.labels[key] === labels[key])) return sample.value;
    }
  }
  return undefined;
}
