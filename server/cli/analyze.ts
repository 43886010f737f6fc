import type { Command } from './command';
import { readAndAnalyze } from './input';
import { formatText } from './text';

const usage = 'stallmap analyze MAP.json [--format text|json] [--config FILE]';

/** `stallmap analyze`: exit 0 with no open error, 1 with open errors, 2 when the input is not a valid map. */
export const analyzeCommand: Command = {
  name: 'analyze',
  summary: 'Print the gates, findings (with what fixing each buys), metrics and triage of a map (exit 0: no open error, 1: open errors, 2: invalid input)',
  usage,
  positionals: ['MAP.json'],
  flags: {
    format: { value: 'text|json', choices: ['text', 'json'], description: 'text for people (default), json for tools' },
    config: { value: 'FILE', description: 'rule settings as in a map\'s settings: { "rules": { "<rule id>": SETTING } }' },
  },
  run(args, io) {
    const { file, map, result } = readAndAnalyze(args, io, usage);
    if (args.flags.format === 'json') {
      const { findings, metrics, scores, triage, gates, waivers, settings, redesign } = result;
      const output = { findings, metrics, scores, triage, gates, waivers, settings, ...(redesign ? { redesign } : {}) };
      io.out(`${JSON.stringify(output, null, 2)}\n`);
    } else {
      io.out(formatText(map, result, { file, color: io.color }));
    }
    return result.findings.some((f) => f.severity === 'error' && !f.waived) ? 1 : 0;
  },
};
