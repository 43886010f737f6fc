import { type AnalysisResult, type AnalyzerConfig, analyzeWithProblems, type ConfigProblem, resolveSettings } from '../../src/core/analyzer';
import { describeErrors, parseMapJson, type StallMap } from '../../src/core/model';
import { type ParsedArgs, UsageError } from './args';
import { type Io, readJson, readText } from './io';

export interface AnalyzedInput {
  file: string;
  map: StallMap;
  config: AnalyzerConfig | undefined;
  result: AnalysisResult;
}

/**
 * What the commands that take a map share (`analyze`, `plan`): one map file, an optional
 * `--config` file, both checked (exit 2 with the file and every error's path), then analysed;
 * ignored settings in either are warned about on stderr.
 */
export function readAndAnalyze({ positionals, flags }: ParsedArgs, io: Io, usage: string): AnalyzedInput {
  if (positionals.length !== 1) {
    throw new UsageError(positionals.length ? `expected one map file, got ${positionals.length}` : 'which map? Name a map file', usage);
  }
  const [file] = positionals;
  const config = flags.config === undefined ? undefined : readConfig(flags.config, usage);
  const parsed = parseMapJson(readText(file, 'map', usage));
  if (!parsed.ok) {
    const count = parsed.errors.length === 1 ? '1 error' : `${parsed.errors.length} errors`;
    const oneLine = parsed.errors.map((e) => ({ ...e, message: e.message.replace(/\s*\n\s*/g, ' ') }));
    throw new UsageError(`${file} is not a valid Stallmap map (${count}):\n${indent(describeErrors(oneLine))}`, usage);
  }
  const { result, problems } = analyzeWithProblems(parsed.map, { config });
  for (const problem of problems) io.err(`stallmap: warning: ${problemPlace(problem, file, flags.config)}: ${problem.message}\n`);
  return { file, map: parsed.map, config, result };
}

/** A config file must be JSON shaped like a map's settings; a malformed one is refused, a typo'd rule or option only warned about. */
function readConfig(file: string, usage: string): AnalyzerConfig {
  const raw = readJson(file, 'config', usage);
  // `null` would read as no settings at all: a config that says nothing is a mistake to name, as `[]` is.
  if (raw === null) throw new UsageError(`config ${file} is not valid:\n  (root): must be an object like a map's settings, not null`, usage);
  const malformed = resolveSettings([{ source: 'config', config: raw as AnalyzerConfig }]).problems.filter((p) => p.kind === 'shape');
  if (malformed.length > 0) {
    throw new UsageError(`config ${file} is not valid:\n${indent(malformed.map((p) => `${p.path}: ${p.message}`).join('\n'))}`, usage);
  }
  return raw as AnalyzerConfig;
}

function problemPlace(problem: ConfigProblem, mapFile: string, configFile: string | undefined): string {
  return `${problem.source === 'map' ? mapFile : configFile} ${problem.path}`;
}

const indent = (text: string) =>
  text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
