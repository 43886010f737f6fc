import { type AnalyzerConfig, analyzeWithProblems, type ConfigProblem, resolveSettings } from '../../src/core/analyzer';
import { describeErrors, parseMapJson } from '../../src/core/model';
import { UsageError } from './args';
import type { Command } from './command';
import { readJson, readText } from './io';
import { formatText } from './text';

const usage = 'stallmap analyze MAP.json [--format text|json] [--config FILE]';

/** `stallmap analyze`: DOMAIN.md's exit codes: 0 no open error, 1 open errors, 2 invalid input. */
export const analyzeCommand: Command = {
  name: 'analyze',
  summary: 'Print the findings, metrics and triage of a map (exit 0: no open error, 1: open errors, 2: invalid input)',
  usage,
  positionals: ['MAP.json'],
  flags: {
    format: { value: 'text|json', choices: ['text', 'json'], description: 'text for people (default), json for tools' },
    config: { value: 'FILE', description: 'rule settings as in a map\'s settings: { "rules": { "<rule id>": SETTING } }' },
  },
  run({ positionals, flags }, io) {
    if (positionals.length !== 1) {
      throw new UsageError(positionals.length ? `expected one map file, got ${positionals.length}` : 'which map? Name a map file', usage);
    }
    const [file] = positionals;
    const config = flags.config === undefined ? undefined : readConfig(flags.config);
    const parsed = parseMapJson(readText(file, 'map', usage));
    if (!parsed.ok) {
      const count = parsed.errors.length === 1 ? '1 error' : `${parsed.errors.length} errors`;
      const oneLine = parsed.errors.map((e) => ({ ...e, message: e.message.replace(/\s*\n\s*/g, ' ') }));
      throw new UsageError(`${file} is not a valid Stallmap map (${count}):\n${indent(describeErrors(oneLine))}`, usage);
    }
    const { result, problems } = analyzeWithProblems(parsed.map, { config });
    for (const problem of problems) io.err(`stallmap: warning: ${problemPlace(problem, file, flags.config)}: ${problem.message}\n`);
    if (flags.format === 'json') {
      const { findings, metrics, scores, triage } = result;
      io.out(`${JSON.stringify({ findings, metrics, scores, triage }, null, 2)}\n`);
    } else {
      io.out(formatText(parsed.map, result, { file, color: io.color }));
    }
    return result.findings.some((f) => f.severity === 'error' && !f.waived) ? 1 : 0;
  },
};

/** A config file must be JSON shaped like a map's settings; a malformed one is refused, a typo'd rule or option only warned about. */
function readConfig(file: string): AnalyzerConfig {
  const raw = readJson(file, 'config', usage);
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
