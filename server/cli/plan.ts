import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { planMarkdown } from '../../src/core/plan';
import { UsageError } from './args';
import type { Command } from './command';
import { readAndAnalyze } from './input';
import { pathProblem } from './io';

const usage = 'stallmap plan MAP.json [--out FILE] [--config FILE]';

/**
 * `stallmap plan`: the redesign plan as Markdown, to stdout or `--out FILE`. Exit 0 when
 * the plan is written, whatever it finds (the plan is how findings get acted on); 2 for input
 * that is not a map, as `analyze`. The date is today's, or SOURCE_DATE_EPOCH's (seconds) when
 * set, so a build or a test can make the same plan twice.
 */
export const planCommand: Command = {
  name: 'plan',
  summary: 'Write the redesign plan of a map as Markdown: a board document (summary, 30-day gates with owners, scorecard, rollout gate, disclosures), the redesigned map drawn; findings and the map\'s Mermaid picture in an appendix',
  usage,
  positionals: ['MAP.json'],
  flags: {
    out: { value: 'FILE', description: 'write the plan to FILE instead of stdout' },
    config: { value: 'FILE', description: 'rule settings as in a map\'s settings, as for analyze' },
  },
  run(args, io) {
    const { out } = args.flags;
    // A plan written over the map it was made from would lose the map.
    if (out !== undefined && args.positionals.some((file) => resolve(file) === resolve(out))) {
      throw new UsageError(`--out ${out} is the map itself: name another file for the plan`, usage);
    }
    const { map, config, result } = readAndAnalyze(args, io, usage);
    const markdown = planMarkdown(map, result, { now: planDate(), config });
    if (out === undefined) {
      io.out(markdown);
      return 0;
    }
    try {
      writeFileSync(out, markdown);
    } catch (error) {
      throw new UsageError(`cannot write the plan to ${out}: ${pathProblem(error)}`, usage);
    }
    return 0;
  },
};

function planDate(): Date {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  return epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : new Date();
}
