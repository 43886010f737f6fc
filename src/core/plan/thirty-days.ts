import type { RuleId } from '../analyzer';
import { percent } from '../analyzer/text';
import { plural } from '../plural';
import { checkShare, shareWords } from './check-share';
import { numberOption } from './targets';

type Options = Record<string, unknown> | undefined;

/**
 * What must be true in 30 days for a finding of each rule to close: one sentence per rule id,
 * worded as a state a board can check, with the map's own thresholds.
 */
export const THIRTY_DAY_GATES: Readonly<Record<RuleId, (options: Options) => string>> = {
  // Said so that it also closes a meeting's gate: a committee decides as items arrive, no API needed.
  'human-join': () => 'This join waits on nobody: an API, a queue or an event moves it, or the decision is made as items arrive, not at a meeting.',
  'verification-exceeds-work': (o) => `Checking costs less than ${shareWords(checkShare(o))} of the manual work: sample, or check only what the model flags.`,
  'no-accountable-owner': () => 'One named person or role answers for this step’s outcome.',
  'unverified-ai-output': () => 'No AI output reaches the outcome unchecked: a sample check, an automated test or an approval stands before it.',
  'approval-chain': (o) => {
    const flaggedAt = numberOption(o, 'minApprovals', 3);
    // A map that flags a single approval closes the finding only with none left.
    if (flaggedAt <= 1) return 'No approval stands between the AI step and the outcome: it is approved by rule.';
    return `Fewer than ${plural(flaggedAt, 'approval')} stand between the AI step and the outcome: one with the right authority, or approval by rule.`;
  },
  'work-did-not-move': (o) =>
    `The largest waits on the critical path are cut, so the AI removes at least ${percent(numberOption(o, 'minSavingShare', 0.1))} of the lead time it had before AI.`,
  'override-rate': (o) =>
    `Reviewers override at most ${percent(numberOption(o, 'maxOverrideRate', 0.15))} of this step’s outputs, measured against a fixed test set.`,
  'dangling-step': () => 'Every step lies on a path from the trigger to the outcome.',
};
